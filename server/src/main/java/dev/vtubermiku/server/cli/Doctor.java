package dev.vtubermiku.server.cli;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.llm.LlmRouter;
import dev.vtubermiku.server.models.ModelCatalog;
import dev.vtubermiku.server.models.ModelEntry;
import dev.vtubermiku.server.models.StarterModels;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./vtuber doctor}: one line per check, each problem with what to do about it, in two groups:
 * what she needs to talk and listen (a broken JDK, folder or database fails with exit code 1; a
 * missing voice, Whisper model or LLM is a warning, since the backend runs without them), and what
 * is optional (sound devices, which a server has none of; the trainer; Silero VAD, which an energy
 * threshold stands in for). It ends with the one command that fixes the most.
 */
final class Doctor {

    /** Stands for the models pull command until every model it fetches is known. */
    private static final String PULL = "models pull";

    private enum Group {
        ESSENTIAL,
        OPTIONAL
    }

    private record Check(Group group, String mark, String line, @Nullable String fix) {}

    private final Settings settings;
    private final PrintStream out;
    private final List<Check> checks = new ArrayList<>();
    /** Commands that fix something, with how many problems each fixes: essential ones weigh most. */
    private final Map<String, int[]> commands = new LinkedHashMap<>();
    private final List<String> modelsToPull = new ArrayList<>();
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
        Map<ServiceId, ModelEntry> pullable = StarterModels.entries(ModelCatalog.builtIn(Json.newMapper()),
                settings.modelsDir(), new StarterModels.Wanted(settings.piperModelPath(), settings.whisperModelFile(),
                        settings.vadModelPath()));
        checkModel(Group.ESSENTIAL, "Piper voice", settings.piperModelPath(), pullable.get(ServiceId.TTS),
                "./vtuber models pull en_US-amy-medium (or set PIPER_MODEL_PATH)");
        if (Files.isRegularFile(settings.piperModelPath())) { // a voice without its config is its own problem
            checkModel(Group.ESSENTIAL, "Piper voice config",
                    settings.piperModelPath().resolveSibling(settings.piperModelPath().getFileName() + ".json"),
                    pullable.get(ServiceId.TTS), "the .onnx.json must sit beside the .onnx; ./vtuber models pull fetches both");
        }
        checkModel(Group.ESSENTIAL, "Whisper model", settings.whisperModelFile(), pullable.get(ServiceId.STT),
                "./vtuber models pull whisper-" + settings.get(ConfigKey.WHISPER_MODEL) + " (or set WHISPER_MODEL_PATH)");
        report(Group.ESSENTIAL, "LLM", new LlmProbe(() -> settings,
                new LlmRouter(() -> settings, java.time.Clock.systemUTC(), Json.newMapper())).check(), null);
        checkModel(Group.OPTIONAL, "Silero VAD", settings.vadModelPath(), pullable.get(ServiceId.VAD),
                "./vtuber models pull silero-vad (or set VAD_MODEL_PATH); until then speech is found by loudness");
        checkAudio();
        report(Group.OPTIONAL, "voice trainer", new TrainerProbe(() -> settings).check(), "./vtuber trainer setup");
        if (!modelsToPull.isEmpty()) {
            commands.put("./vtuber models pull " + String.join(" ", modelsToPull), commands.remove(PULL));
        }
        print();
        return failures == 0 ? 0 : Main.EXIT_FAILED;
    }

    private void print() {
        out.println();
        out.println("What she needs to talk and listen:");
        checks.stream().filter(c -> c.group() == Group.ESSENTIAL).forEach(this::print);
        out.println();
        out.println("Optional (she talks without these; a server needs no sound devices):");
        checks.stream().filter(c -> c.group() == Group.OPTIONAL).forEach(this::print);
        out.println();
        long optional = checks.stream().filter(c -> c.mark().equals("[ -- ]")).count();
        String extras = optional == 0 ? "" : "; " + optional + " optional thing(s) not set up";
        if (failures > 0) {
            out.println(failures + " check(s) failed: fix them before starting" + extras + ".");
        } else if (warnings > 0) {
            out.println("All essential checks passed, but " + warnings + " thing(s) keep her from talking or listening" + extras + ".");
        } else {
            out.println("All essential checks passed: she can talk and listen" + extras + ".");
        }
        commands.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, int[]> e) -> e.getValue()[0] * 100 + e.getValue()[1]))
                .ifPresentOrElse(best -> out.println("The one command that fixes the most: " + best.getKey()
                        + (best.getKey().contains(PULL) && settings.autoPull()
                                ? "  (./vtuber also fetches them by itself at start, AUTO_PULL=true)" : "")),
                        () -> out.println(failures + warnings == 0 ? "Nothing to fix." : "Start with the first fix above."));
    }

    private void print(Check c) {
        out.println(c.mark() + " " + c.line());
        if (c.fix() != null) {
            out.println("       " + (c.mark().equals("[ -- ]") ? "to add: " : "fix: ") + c.fix());
        }
    }

    private void checkJava() {
        int feature = Runtime.version().feature();
        if (feature >= 25) {
            ok(Group.ESSENTIAL, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")");
        } else {
            fail("Java " + Runtime.version() + " is too old", "install JDK 25 (https://adoptium.net) and set JAVA_HOME");
        }
    }

    private void checkWritable(String what, Path dir, String key) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".doctor", ".tmp");
            Files.delete(probe);
            ok(Group.ESSENTIAL, what + " " + dir.toAbsolutePath().normalize() + " is writable");
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
                ok(Group.ESSENTIAL, "database " + file.toAbsolutePath().normalize() + " (schema v" + db.schemaVersion() + ", integrity ok, "
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

    /** {@code entry}: the catalog model that installs {@code file}, when there is one (then one pull fixes it). */
    private void checkModel(Group group, String what, Path file, @Nullable ModelEntry entry, String fix) {
        if (Files.isRegularFile(file)) {
            ok(group, what + " " + file);
            return;
        }
        problem(group, what + " missing at " + file, fix);
        if (entry != null) {
            if (!modelsToPull.contains(entry.name())) {
                modelsToPull.add(entry.name());
            }
            count(PULL, group);
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
            problem(Group.OPTIONAL, "sound devices cannot be listed: " + rootMessage(e), "check the sound system "
                    + "(ALSA/PulseAudio); the backend works without it, voice in the command center does not");
            return;
        }
        if (outputs.isEmpty()) {
            problem(Group.OPTIONAL, "no sound output device", "connect or enable speakers/headphones to hear replies in the command center");
        } else {
            ok(Group.OPTIONAL, "sound output: " + String.join(", ", outputs.subList(0, Math.min(3, outputs.size())))
                    + (outputs.size() > 3 ? " and " + (outputs.size() - 3) + " more" : ""));
        }
        if (inputs.isEmpty()) {
            problem(Group.OPTIONAL, "no microphone", "connect or enable a microphone for push-to-talk and the voice loop");
        } else {
            ok(Group.OPTIONAL, "microphone: " + String.join(", ", inputs.subList(0, Math.min(3, inputs.size())))
                    + (inputs.size() > 3 ? " and " + (inputs.size() - 3) + " more" : ""));
        }
    }

    private void report(Group group, String what, ServiceHealth health, @Nullable String command) {
        if (health.state() == ServiceState.OK) {
            ok(group, what + ": " + health.detail());
            return;
        }
        problem(group, what + ": " + health.detail(), health.fix() == null ? "see the log" : health.fix());
        if (command != null) {
            count(command, group);
        }
    }

    private void count(String command, Group group) {
        commands.computeIfAbsent(command, c -> new int[2])[group == Group.ESSENTIAL ? 0 : 1]++;
    }

    private void ok(Group group, String line) {
        checks.add(new Check(group, "[ ok ]", line, null));
    }

    /** Something missing: a warning when she needs it, a note when it is optional. */
    private void problem(Group group, String line, String fix) {
        if (group == Group.ESSENTIAL) {
            warnings++;
        }
        checks.add(new Check(group, group == Group.ESSENTIAL ? "[warn]" : "[ -- ]", line, fix));
    }

    private void fail(String line, String fix) {
        failures++;
        checks.add(new Check(Group.ESSENTIAL, "[FAIL]", line, fix));
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
