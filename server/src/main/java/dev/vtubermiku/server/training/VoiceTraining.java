package dev.vtubermiku.server.training;

/** Everything of voice training the routes use, as the composition root made it. */
public record VoiceTraining(VoiceUploads uploads, ProcessingJobs jobs, VoiceClips clips, TrainingRuns runs) {}
