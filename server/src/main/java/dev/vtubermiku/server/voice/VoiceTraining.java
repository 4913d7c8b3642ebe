package dev.vtubermiku.server.voice;

/** Everything of voice training the routes use, as the composition root made it. */
public record VoiceTraining(VoiceUploads uploads, ProcessingJobs jobs, VoiceClips clips, TrainingRuns runs) {}
