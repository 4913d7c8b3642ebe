package dev.vtubermiku.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.models.ModelLibrary;
import dev.vtubermiku.server.speech.SpeechEngines;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.training.ClipProcessor;
import dev.vtubermiku.server.training.ProcessingJobs;
import dev.vtubermiku.server.training.TrainingRuns;
import dev.vtubermiku.server.training.VoiceClips;
import dev.vtubermiku.server.training.VoiceFolders;
import dev.vtubermiku.server.training.VoiceTraining;
import dev.vtubermiku.server.training.VoiceUploads;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Voice training as the backend runs it: its services and the executors they work on, started and closed together. */
record TrainingWiring(VoiceTraining training, ExecutorService processing, ExecutorService runs) implements AutoCloseable {

    /** Voice training: uploads, the processing job, clips, and training runs (which recover interrupted ones now). */
    static TrainingWiring start(RuntimeConfig config, Database database, EventBus bus, Clock clock, ObjectMapper json,
            ScheduledExecutorService scheduler, ModelLibrary models, Characters characters, SpeechEngines speech,
            AudioFiles audioFiles) {
        VoiceFolders folders = new VoiceFolders(() -> config.current().dataDir(), audioFiles);
        // Cutting recordings is CPU work in native engines: one upload at a time, on a platform thread.
        ExecutorService processing = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("voice-processing").daemon().factory());
        ExecutorService runs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("training-", 0).factory());
        ClipProcessor processor = new ClipProcessor(database, folders, speech.vad(), speech.stt(), config::current, clock);
        TrainingRuns training = new TrainingRuns(database, folders, bus, config::current, clock, json, runs, scheduler,
                models.catalog(), characters, speech.tts(), speech::refreshVoices);
        training.recover();
        return new TrainingWiring(new VoiceTraining(new VoiceUploads(database, folders, config::current, clock, characters),
                new ProcessingJobs(database, processor, bus, processing, clock), new VoiceClips(database, folders), training),
                processing, runs);
    }

    @Override
    public void close() {
        training.runs().close(); // ends a running trainer; its run resumes after the restart
        processing.shutdownNow();
        runs.shutdown();
        try {
            runs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
