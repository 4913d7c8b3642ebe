package dev.vtubermiku.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vtuber trainer}: setup cannot run here (no PyPI, no GitHub), so the steps it would run are
 * checked, with a shell that records them; check's diagnosis runs for real.
 */
class TrainerCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final List<List<String>> ran = new ArrayList<>();

    private Settings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", dir.resolve("data").toString()));
        env.putAll(extra);
        return ConfigLoader.load(env, new DotEnvFile(dir.resolve(".env")));
    }

    private TrainerCommand command(Settings settings, int failAt) {
        return new TrainerCommand(settings, out, err, (command, where, env, o) -> {
            ran.add(command);
            if (command.contains("venv") && command.get(1).equals("-m") && command.get(2).equals("venv")) {
                Path python = Path.of(command.getLast()).resolve("bin/python");
                Files.createDirectories(python.getParent());
                Files.writeString(python, "#!/bin/sh\n");
                Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return ran.size() == failAt ? 1 : 0;
        });
    }

    @Test
    void setupRunsPiperTrainingDocsStepsInOrder() {
        Path home = dir.resolve("data/trainer").toAbsolutePath();
        int exit = command(settings(Map.of()), -1).run(List.of("setup", "--ref", "v1.3.0"));
        assertThat(exit).as(errBytes.toString()).isZero();
        String venvPython = home.resolve("venv/bin/python").toString();
        String repo = home.resolve("piper1-gpl").toString();
        assertThat(ran).containsExactly(
                List.of("python3", "-c", ran.getFirst().get(2)),
                List.of("git", "clone", "--depth", "1", "--branch", "v1.3.0", "https://github.com/OHF-Voice/piper1-gpl.git", repo),
                List.of("python3", "-m", "venv", home.resolve("venv").toString()),
                List.of(venvPython, "-m", "pip", "install", "--upgrade", "pip", "setuptools", "wheel"),
                List.of(venvPython, "-m", "pip", "install", "-e", repo + "[train]"),
                List.of(venvPython, "setup.py", "build_ext", "--inplace"),
                List.of(venvPython, "-c", TrainerCommand.CHECK));
        assertThat(ran.getFirst().get(2)).contains("(3, 10)");
        String printed = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("[1/8] check Python 3.10+", "[5/8] install piper1-gpl", "$ (cd " + repo + ") bash build_monotonic_align.sh",
                "(not in this version of piper1-gpl: skipped)", "The trainer is ready: " + venvPython);
    }

    @Test
    void aSecondSetupUpdatesInsteadOfCloningAndStopsAtAFailingStep() throws Exception {
        Path home = dir.resolve("data/trainer").toAbsolutePath();
        Files.createDirectories(home.resolve("piper1-gpl/.git"));
        Path python = home.resolve("venv/bin/python");
        Files.createDirectories(python.getParent());
        Files.writeString(python, "#!/bin/sh\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        int exit = command(settings(Map.of()), 4).run(List.of("setup"));
        assertThat(exit).isEqualTo(1);
        assertThat(ran).extracting(c -> String.join(" ", c)).containsExactly(
                ran.getFirst().stream().reduce((a, b) -> a + " " + b).orElseThrow(),
                "git -C " + home.resolve("piper1-gpl") + " fetch --depth 1 origin main",
                "git -C " + home.resolve("piper1-gpl") + " checkout --detach FETCH_HEAD",
                python + " -m pip install --upgrade pip setuptools wheel");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("step 4 (update pip) failed with exit code 1",
                "run ./vtuber trainer setup again");
    }

    @Test
    void dryRunPrintsAndRunsNothing() {
        assertThat(command(settings(Map.of()), -1).run(List.of("setup", "--dry-run"))).isZero();
        assertThat(ran).isEmpty();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("dry run", "$ git clone --depth 1 --branch main");
        assertThat(command(settings(Map.of()), -1).run(List.of("setup", "--bogus"))).isEqualTo(Main.EXIT_USAGE);
        assertThat(command(settings(Map.of()), -1).run(List.of())).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void checkSaysWhenThereIsNoTrainerEnvironment() {
        int exit = new TrainerCommand(settings(Map.of()), out, err, TrainerCommand::runProcess).run(List.of("check"));
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("no trainer environment at " + dir.resolve("data/trainer").toAbsolutePath(),
                "run ./vtuber trainer setup");
        errBytes.reset();
        exit = new TrainerCommand(settings(Map.of("PIPER_TRAIN_PYTHON", dir.resolve("nope/python").toString())), out, err,
                TrainerCommand::runProcess).run(List.of("check"));
        assertThat(exit).isEqualTo(1);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("does not exist or is not executable");
    }

    @Test
    void checkRunsTheInterpreterAndNamesWhatIsMissing() {
        String python = null;
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "python3"))) {
                python = Path.of(p, "python3").toString();
                break;
            }
        }
        assumeTrue(python != null, "python3 is not on PATH");
        int exit = new TrainerCommand(settings(Map.of("PIPER_TRAIN_PYTHON", python)), out, err, TrainerCommand::runProcess)
                .run(List.of("check"));
        // This machine's python3 has no PyTorch or piper1-gpl: check must say which import failed.
        assertThat(exit).isEqualTo(1);
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("ModuleNotFoundError: No module named");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("cannot train", "./vtuber trainer setup");
    }

    @Test
    void mainKnowsTheCommand() {
        int exit = Main.run(new String[] {"trainer", "check"}, Map.of("DATA_DIR", dir.resolve("data").toString()), dir.resolve(".env"), out, err);
        assertThat(exit).isEqualTo(1);
        assertThat(Main.usage()).contains("trainer  setup");
    }
}
