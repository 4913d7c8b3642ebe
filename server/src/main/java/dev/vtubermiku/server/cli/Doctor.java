package dev.vtubermiku.server.cli;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.llm.LlmRouter;
import dev.vtubermiku.server.probe.LlmProbe;
import dev.vtubermiku.server.probe.TrainerProbe;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./vtuber doctor}: one line per check, each failure with what to do about it. Missing
 * models and services are warnings (the backend runs without them); a broken JDK, folder or
 * database is a failure (exit code 1).
 */
final class Doctor {

    private final Settings settings;
    private final PrintStream out;
    private int failures;
    private int warnings;

    Doctor(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    int run() {
        out.println("VtuberMiku doctor");
        checkJava();
        checkWritable("data folder", settings.dataDir(), "DATA_DIR");
        checkWritable("models folder", settings.modelsDir(), "MODELS_DIR");
        checkWritable("log folder", settings.logFile().toAbsolutePath().getParent(), "LOG_FILE");
        checkDatabase();
        checkModel("Piper voice", settings.piperModelPath(), "./vtuber models pull en_US-amy-medium (or set PIPER_MODEL_PATH)");
        checkModel("Piper voice config", settings.piperModelPath().resolveSibling(settings.piperModelPath().getFileName() + ".json"),
                "the .onnx.json must sit beside the .onnx; ./vtuber models pull fetches both");
        checkModel("Whisper model", settings.whisperModelFile(),
                "./vtuber models pull whisper-" + settings.get(ConfigKey.WHISPER_MODEL) + " (or set WHISPER_MODEL_PATH)");
        checkModel("Silero VAD", settings.vadModelPath(), "./vtuber models pull silero-vad (or set VAD_MODEL_PATH)");
        checkAudio();
        report("LLM", new LlmProbe(() -> settings,
                new LlmRouter(() -> settings, java.time.Clock.systemUTC(), dev.vtubermiku.protocol.Json.newMapper())).check());
        report("voice trainer", new TrainerProbe(() -> settings).check());
        out.println(failures == 0
                ? "All essential checks passed" + (warnings == 0 ? "." : " (" + warnings + " warning(s) above).")
                : failures + " check(s) failed: fix them before starting.");
        return failures == 0 ? 0 : Main.EXIT_FAILED;
    }

    private void checkJava() {
        int feature = Runtime.version().feature();
        if (feature >= 25) {
            ok("Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")");
        } else {
            fail("Java " + Runtime.version() + " is too old", "install JDK 25 (https://adoptium.net) and set JAVA_HOME");
        }
    }

    private void checkWritable(String what, Path dir, String key) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".doctor", ".tmp");
            Files.delete(probe);
            ok(what + " " + dir.toAbsolutePath().normalize() + " is writable");
        } catch (IOException | RuntimeException e) {
            fail(what + " " + dir.toAbsolutePath().normalize() + " is not writable (" + e.getMessage() + ")",
                    "fix its permissions or set " + key + " to a folder you own");
        }
    }

    private void checkDatabase() {
        Path file = settings.databaseFile();
        DataKey key;
        try {
            key = DataKey.from(settings).orElse(null);
        } catch (DataKeyException e) {
            fail(e.getMessage(), "fix DATA_KEY or DATA_KEY_FILE (docs/DATA_AT_REST.md)");
            return;
        }
        try (Database db = Database.open(file, key)) {
            String integrity = db.integrityCheck();
            if (integrity.equals("ok")) {
                ok("database " + file.toAbsolutePath().normalize() + " (schema v" + db.schemaVersion() + ", integrity ok, "
                        + (key == null ? "not encrypted" : "encrypted, key id " + key.idHex()) + ")");
            } else {
                fail("database " + file + " is damaged: " + integrity,
                        "restore a backup, or move the file aside to start with a new one");
            }
        } catch (DataKeyException e) {
            fail(e.getMessage(), "set the right DATA_KEY, or convert the store with ./vtuber data encrypt|decrypt");
        } catch (RuntimeException e) {
            fail("database " + file + " cannot be opened: " + rootMessage(e),
                    "check DATABASE_URL, the disk space and that no other program locks the file");
        }
    }

    private void checkModel(String what, Path file, String fix) {
        if (Files.isRegularFile(file)) {
            ok(what + " " + file);
        } else {
            warn(what + " missing at " + file, fix);
        }
    }

    /**
     * Sound devices as Java Sound sees them. The backend needs none (audio goes over the API); the
     * command center needs an output to play replies and an input for push-to-talk.
     */
    private void checkAudio() {
        List<String> outputs = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        try {
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                Mixer mixer = AudioSystem.getMixer(info);
                if (mixer.isLineSupported(new Line.Info(SourceDataLine.class))) {
                    outputs.add(info.getName());
                }
                if (mixer.isLineSupported(new Line.Info(TargetDataLine.class))) {
                    inputs.add(info.getName());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            warn("sound devices cannot be listed: " + rootMessage(e), "check the sound system (ALSA/PulseAudio); "
                    + "the backend works without it, voice in the command center does not");
            return;
        }
        if (outputs.isEmpty()) {
            warn("no sound output device", "connect or enable speakers/headphones to hear replies in the command center");
        } else {
            ok("sound output: " + String.join(", ", outputs.subList(0, Math.min(3, outputs.size())))
                    + (outputs.size() > 3 ? " and " + (outputs.size() - 3) + " more" : ""));
        }
        if (inputs.isEmpty()) {
            warn("no microphone", "connect or enable a microphone for push-to-talk and the voice loop");
        } else {
            ok("microphone: " + String.join(", ", inputs.subList(0, Math.min(3, inputs.size())))
                    + (inputs.size() > 3 ? " and " + (inputs.size() - 3) + " more" : ""));
        }
    }

    private void report(String what, ServiceHealth health) {
        if (health.state() == ServiceState.OK) {
            ok(what + ": " + health.detail());
        } else {
            warn(what + ": " + health.detail(), health.fix() == null ? "see the log" : health.fix());
        }
    }

    private void ok(String line) {
        out.println("[ ok ] " + line);
    }

    private void warn(String line, String fix) {
        warnings++;
        out.println("[warn] " + line + "\n       fix: " + fix);
    }

    private void fail(String line, String fix) {
        failures++;
        out.println("[FAIL] " + line + "\n       fix: " + fix);
    }

    /** A start-up failure in one line a streamer can act on. */
    static String explain(Throwable e, Settings settings) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "port " + settings.apiPort() + " on " + settings.apiHost()
                        + " is already in use (another VtuberMiku running?). Stop it or set API_PORT.";
            }
        }
        String message = rootMessage(e);
        if (message.toLowerCase(Locale.ROOT).contains("sqlite")) {
            return "the database " + settings.databaseFile() + " cannot be used: " + message;
        }
        return message + " (run ./vtuber doctor)";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        @Nullable String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
