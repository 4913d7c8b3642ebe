package dev.vtubermiku.server.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.training.RunState;
import dev.vtubermiku.protocol.event.ModelSaved;
import dev.vtubermiku.protocol.event.TrainingCompleted;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.ModelDao;
import dev.vtubermiku.server.store.TrainingModelRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained voice from its exported ONNX to the character's mouth: the config completed for
 * piper-jni, both files installed atomically in {@code MODELS_DIR/piper}, the engine reloaded, a check
 * sentence spoken with it, the {@code models} rows written, the voice given to the run's character,
 * and {@code model.saved} / {@code training.completed} published.
 */
final class VoiceInstaller {

    private static final Logger log = LoggerFactory.getLogger(VoiceInstaller.class);
    private static final String CHECK_SENTENCE = "Hello, this is my new voice.";

    private final Database database;
    private final RunJournal journal;
    private final EventBus bus;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final Characters characters;
    private final TextToSpeech tts;
    private final Runnable reloadVoices;

    VoiceInstaller(Database database, RunJournal journal, EventBus bus, Supplier<Settings> settings, Clock clock,
            ObjectMapper json, Characters characters, TextToSpeech tts, Runnable reloadVoices) {
        this.database = database;
        this.journal = journal;
        this.bus = bus;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.characters = characters;
        this.tts = tts;
        this.reloadVoices = reloadVoices;
    }

    /** en_US-miku-medium; when a voice of that name came from elsewhere, the run id keeps them apart. */
    String voiceName(ActiveRun run) {
        RunParams p = run.params;
        String base = PiperVoiceConfig.Language.of(p.espeakVoice()).code() + "-" + p.name() + "-" + p.quality();
        Path piper = settings.get().modelsDir().resolve("piper");
        boolean taken = Files.exists(piper.resolve(base + ".onnx")) && !base.equals(journal.run(run.runId).voice());
        return taken ? PiperVoiceConfig.Language.of(p.espeakVoice()).code() + "-" + p.name() + "_r" + run.runId + "-" + p.quality() : base;
    }

    /**
     * Installs the exported {@code onnx} with a config completed from the trainer's {@code config.json}
     * in the run folder, and checks that the engine loads it and speaks.
     */
    void install(ActiveRun run, String voice, Path onnx, Path runDir) throws RunFailure {
        JsonNode trainerConfig = null;
        Path configFile = runDir.resolve("config.json");
        try {
            if (Files.isRegularFile(configFile)) {
                trainerConfig = json.readTree(Files.readString(configFile));
            }
        } catch (IOException e) {
            log.warn("Run {}: the trainer's config {} cannot be read", run.runId, configFile, e);
        }
        PiperVoiceConfig.Completed config;
        try {
            config = PiperVoiceConfig.complete(trainerConfig, voice, run.params.quality(),
                    TrainerCommands.sampleRate(run.params.quality()), run.params.espeakVoice());
        } catch (IllegalArgumentException e) {
            throw new RunFailure("the voice has no usable config: " + e.getMessage(),
                    "check that the trainer wrote " + configFile, run.tail);
        }
        if (!config.droppedPhonemes().isEmpty()) {
            log.info("Run {}: phoneme keys {} left out of the config (piper-jni takes one codepoint per key; the trainer "
                    + "fed them as their parts)", run.runId, config.droppedPhonemes());
        }
        Path piper = settings.get().modelsDir().resolve("piper");
        Path installed = piper.resolve(voice + ".onnx");
        try {
            // The config first: the engine picks a voice up by its .onnx, which must find its config there.
            VoiceFolders.writeAtomically(piper.resolve(voice + ".onnx.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(config.config()));
            VoiceFolders.writeAtomically(installed, Files.readAllBytes(onnx));
        } catch (IOException e) {
            throw new RunFailure("cannot install the voice in " + piper + ": " + e.getMessage(), "check free disk space", List.of());
        }
        reloadVoices.run();
        try {
            SpokenAudio spoken = tts.synthesize(CHECK_SENTENCE, voice).get(120, TimeUnit.SECONDS);
            log.info("Run {}: voice {} installed and speaks ({} s for the check sentence)", run.runId, voice,
                    String.format(Locale.ROOT, "%.2f", spoken.seconds()));
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RunFailure("the exported voice does not load in the Piper engine: " + cause.getMessage(),
                    "see the log; the files are in " + piper, run.tail);
        }
        database.writeDao(ModelDao.class).setVoice(run.runId, installed.toString(), voice, clock.instant());
    }

    /**
     * Records the installed voice as a {@code models} row, gives it to the character, and announces it.
     * @param runStep the end of a run (it becomes ready), not an export of a chosen checkpoint later
     */
    void finish(ActiveRun run, String voice, int epochs, boolean runStep) {
        RunParams p = run.params;
        Path installed = settings.get().modelsDir().resolve("piper").resolve(voice + ".onnx");
        ModelDao models = database.writeDao(ModelDao.class);
        TrainingModelRow row = journal.run(run.runId);
        long voiceRow = models.insertTraining("voice", voice, installed.toString(), p.characterId(), "ready", run.runId, null,
                epochs, row.step(), row.loss(), clock.instant());
        models.setVoice(voiceRow, installed.toString(), voice, clock.instant());
        if (p.characterId() != null) {
            characters.assignVoice(p.characterId(), voice);
        }
        if (runStep) {
            journal.move(run, new RunState.Ready());
        }
        bus.publish(ModelSaved.trainedVoice(voice, installed.toString(), run.runId, voiceRow), Severity.INFO,
                "Trained voice " + voice + " installed");
        bus.publish(new TrainingCompleted(run.runId, voice, p.characterId(), epochs, row.loss(), installed.toString()), Severity.INFO,
                "Training run " + run.runId + " completed: voice " + voice
                        + (p.characterId() == null ? "" : " given to character " + p.characterId()));
    }
}
