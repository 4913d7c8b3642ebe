package dev.vtubermiku.server.cli;

import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code vtuber trainer setup [--ref REF] [--python PYTHON] [--dry-run]} makes the Python environment
 * voice training runs in, the way piper1-gpl's docs/TRAINING.md says: a checkout of
 * OHF-Voice/piper1-gpl, a virtual environment, {@code pip install -e '.[train]'}, and the
 * monotonic_align extension built in place. Everything lives under DATA_DIR/trainer; every step is
 * printed before it runs and skipped when already done, so running it again repairs or updates.
 * {@code vtuber trainer check} says whether that environment (or PIPER_TRAIN_PYTHON) can train.
 */
final class TrainerCommand {

    static final String REPOSITORY = "https://github.com/OHF-Voice/piper1-gpl.git";
    static final String DEFAULT_REF = "main";
    /** Imports a training run needs, and what check reports. */
    static final String CHECK = "import sys, torch, lightning, piper.train, piper.train.vits.monotonic_align; "
            + "print('python', sys.version.split()[0]); print('torch', torch.__version__); "
            + "print('lightning', lightning.__version__); "
            + "print('cuda', torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none (training runs on the CPU, slowly)')";

    /** Runs one step; the real one starts a process, tests record what would run. */
    interface Shell {
        int run(List<String> command, Path dir, Map<String, String> env, PrintStream out) throws IOException, InterruptedException;
    }

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final Shell shell;

    TrainerCommand(Settings settings, PrintStream out, PrintStream err, Shell shell) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.shell = shell;
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            err.println("usage: ./vtuber trainer setup [--ref REF] [--python PYTHON] [--dry-run] | check");
            return Main.EXIT_USAGE;
        }
        try {
            return switch (args.getFirst()) {
                case "setup" -> setup(args.subList(1, args.size()));
                case "check" -> check();
                default -> {
                    err.println("unknown trainer command '" + args.getFirst() + "' (setup or check)");
                    yield Main.EXIT_USAGE;
                }
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return Main.EXIT_FAILED;
        }
    }

    private int setup(List<String> args) throws InterruptedException {
        String ref = DEFAULT_REF;
        String python = "python3";
        boolean dryRun = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--ref" -> ref = value(args, ++i);
                case "--python" -> python = value(args, ++i);
                case "--dry-run" -> dryRun = true;
                default -> {
                    err.println("unknown option '" + args.get(i) + "'");
                    return Main.EXIT_USAGE;
                }
            }
            if (ref == null || python == null) {
                err.println("--ref and --python need a value");
                return Main.EXIT_USAGE;
            }
        }
        Path home = settings.trainerDir().toAbsolutePath().normalize();
        Path repo = home.resolve("piper1-gpl");
        Path venv = home.resolve("venv");
        Path venvPython = venv.resolve("bin/python");
        out.println("Setting up the voice trainer in " + home + (dryRun ? " (dry run: nothing is run)" : ""));
        out.println("piper1-gpl " + ref + " from " + REPOSITORY + "; needs git, Python 3.10+, a C compiler, cmake and ninja "
                + "(Debian/Ubuntu: sudo apt-get install git python3-venv python3-dev build-essential cmake ninja-build)");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("check Python 3.10+", List.of(python, "-c",
                "import sys; assert sys.version_info >= (3, 10), 'Python 3.10 or newer is needed, this is ' + sys.version; print(sys.version)"),
                home, Map.of(), false));
        if (Files.isDirectory(repo.resolve(".git"))) {
            steps.add(new Step("update piper1-gpl to " + ref, List.of("git", "-C", repo.toString(), "fetch", "--depth", "1", "origin", ref),
                    home, Map.of(), false));
            steps.add(new Step("check out " + ref, List.of("git", "-C", repo.toString(), "checkout", "--detach", "FETCH_HEAD"),
                    home, Map.of(), false));
        } else {
            steps.add(new Step("clone piper1-gpl", List.of("git", "clone", "--depth", "1", "--branch", ref, REPOSITORY, repo.toString()),
                    home, Map.of(), false));
        }
        if (!Files.isExecutable(venvPython)) {
            steps.add(new Step("create the virtual environment", List.of(python, "-m", "venv", venv.toString()), home, Map.of(), false));
        }
        steps.add(new Step("update pip", List.of(venvPython.toString(), "-m", "pip", "install", "--upgrade", "pip", "setuptools", "wheel"),
                home, Map.of(), false));
        steps.add(new Step("install piper1-gpl with its training extras (PyTorch, Lightning; a few GB)",
                List.of(venvPython.toString(), "-m", "pip", "install", "-e", repo + "[train]"), home, Map.of(), false));
        // The extension's build script calls python3 from PATH: the venv's must come first.
        Map<String, String> venvPath = Map.of("PATH", venv.resolve("bin") + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""),
                "VIRTUAL_ENV", venv.toString());
        steps.add(new Step("build the monotonic_align extension", List.of("bash", "build_monotonic_align.sh"), repo, venvPath, true));
        steps.add(new Step("build the extensions in place (running from the checkout)",
                List.of(venvPython.toString(), "setup.py", "build_ext", "--inplace"), repo, venvPath, false));
        steps.add(new Step("check that it can train", List.of(venvPython.toString(), "-c", CHECK), home, Map.of(), false));
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.println("[" + (i + 1) + "/" + steps.size() + "] " + step.what());
            out.println("    $ " + (step.dir().equals(home) ? "" : "(cd " + step.dir() + ") ") + String.join(" ", step.command()));
            if (dryRun) {
                continue;
            }
            if (step.optional() && !Files.isRegularFile(step.dir().resolve(step.command().getLast()))) {
                out.println("    (not in this version of piper1-gpl: skipped)");
                continue;
            }
            int code;
            try {
                Files.createDirectories(home);
                code = shell.run(step.command(), step.dir(), step.env(), out);
            } catch (IOException e) {
                err.println("cannot run " + step.command().getFirst() + ": " + e.getMessage());
                return Main.EXIT_FAILED;
            }
            if (code != 0) {
                err.println("step " + (i + 1) + " (" + step.what() + ") failed with exit code " + code
                        + "; fix what it printed and run ./vtuber trainer setup again (finished steps are skipped)");
                return Main.EXIT_FAILED;
            }
        }
        if (!dryRun) {
            out.println("The trainer is ready: " + venvPython);
            out.println(settings.source(ConfigKey.PIPER_TRAIN_PYTHON) == Settings.Source.DEFAULT
                    ? "It is used as is (PIPER_TRAIN_PYTHON is not set)."
                    : "PIPER_TRAIN_PYTHON is set to " + settings.trainPython() + ": unset it, or set it to " + venvPython + ", to use this one.");
        }
        return 0;
    }

    private int check() throws InterruptedException {
        String python = settings.trainerPython();
        boolean explicit = settings.source(ConfigKey.PIPER_TRAIN_PYTHON) != Settings.Source.DEFAULT;
        Path venvPython = settings.trainerDir().resolve("venv/bin/python").toAbsolutePath().normalize();
        out.println("trainer interpreter: " + python + (explicit ? " (PIPER_TRAIN_PYTHON)" : Files.isExecutable(venvPython)
                ? " (from ./vtuber trainer setup)" : " (default; no trainer environment at " + venvPython.getParent().getParent() + ")"));
        if (!explicit && !Files.isExecutable(venvPython)) {
            err.println("no trainer environment at " + venvPython.getParent().getParent()
                    + ": run ./vtuber trainer setup (or set PIPER_TRAIN_PYTHON to a Python with piper1-gpl[train])");
            return Main.EXIT_FAILED;
        }
        if (python.contains("/") && !Files.isExecutable(Path.of(python))) {
            err.println(python + " does not exist or is not executable: fix PIPER_TRAIN_PYTHON, or unset it and run ./vtuber trainer setup");
            return Main.EXIT_FAILED;
        }
        int code;
        try {
            code = shell.run(List.of(python, "-c", CHECK), Path.of("."), Map.of(), out);
        } catch (IOException e) {
            err.println("cannot run " + python + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        if (code != 0) {
            err.println(python + " cannot train: a module above is missing. Run ./vtuber trainer setup (again), which installs "
                    + "piper1-gpl[train] and builds monotonic_align");
            return Main.EXIT_FAILED;
        }
        out.println("trainer ok");
        return 0;
    }

    private static String value(List<String> args, int i) {
        return i < args.size() ? args.get(i) : null;
    }

    private record Step(String what, List<String> command, Path dir, Map<String, String> env, boolean optional) {}

    /** Runs a step as a child process, its output passed through. */
    static int runProcess(List<String> command, Path dir, Map<String, String> env, PrintStream out)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        if (!process.waitFor(6, TimeUnit.HOURS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
