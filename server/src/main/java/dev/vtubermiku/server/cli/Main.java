package dev.vtubermiku.server.cli;

import dev.vtubermiku.server.App;
import dev.vtubermiku.server.config.ConfigError;
import dev.vtubermiku.server.config.ConfigException;
import dev.vtubermiku.server.config.ConfigLoader;
import dev.vtubermiku.server.config.DotEnvFile;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.logging.Logs;
import dev.vtubermiku.server.logging.SecretMasker;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code vtuber [serve|doctor|models|trainer|data|backup|restore|help]}. Exit codes: 0 fine, 1 failed, 2 bad configuration or usage. */
public final class Main {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        java.io.Console console = System.console();
        System.exit(run(args, System.getenv(), Path.of(".env"), System.out, System.err, console != null && console.isTerminal()));
    }

    static int run(String[] args, Map<String, String> environment, Path dotEnvPath, PrintStream out, PrintStream err) {
        return run(args, environment, dotEnvPath, out, err, false);
    }

    /** @param terminal whether {@code out} is an interactive terminal (progress bars redraw in place) */
    static int run(String[] args, Map<String, String> environment, Path dotEnvPath, PrintStream out, PrintStream err,
            boolean terminal) {
        String command = args.length == 0 ? "serve" : args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            out.println(usage());
            return 0;
        }
        if (!List.of("serve", "doctor", "models", "trainer", "data", "backup", "restore").contains(command)) {
            err.println("unknown command '" + command + "'");
            err.println(usage());
            return EXIT_USAGE;
        }
        DotEnvFile dotEnv = new DotEnvFile(dotEnvPath);
        Settings settings;
        try {
            settings = ConfigLoader.load(environment, dotEnv);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error.line());
            }
            err.println("Fix the value in the environment or in " + dotEnvPath.toAbsolutePath() + " (see .env.example).");
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            err.println("cannot read the configuration: " + e.getMessage());
            return EXIT_USAGE;
        }
        return switch (command) {
            case "doctor" -> {
                Logs.quiet();
                yield new Doctor(settings, out).run();
            }
            case "models" -> {
                Logs.quiet();
                yield new ModelsCommand(settings, out, err, terminal, App.version())
                        .run(java.util.Arrays.asList(args).subList(1, args.length));
            }
            case "trainer" -> {
                Logs.quiet();
                yield new TrainerCommand(settings, out, err, TrainerCommand::runProcess)
                        .run(java.util.Arrays.asList(args).subList(1, args.length));
            }
            case "data", "backup", "restore" -> {
                Logs.quiet();
                DataCommand data = new DataCommand(settings, out, err);
                List<String> rest = Arrays.asList(args).subList(1, args.length);
                yield command.equals("data") ? data.data(rest) : command.equals("backup") ? data.backup(rest) : data.restore(rest);
            }
            default -> serve(settings, environment, dotEnv, err);
        };
    }

    private static int serve(Settings settings, Map<String, String> environment, DotEnvFile dotEnv, PrintStream err) {
        Logs logs = Logs.install(settings.logFile(), settings.logLevel(), settings.debug(), new SecretMasker(), 5000);
        App app;
        try {
            app = App.start(new RuntimeConfig(settings, environment, dotEnv), logs);
        } catch (DataKeyException e) {
            err.println("VtuberMiku could not start: " + e.getMessage());
            logs.stop();
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            err.println("VtuberMiku could not start: " + Doctor.explain(e, settings));
            logs.stop();
            return EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            logs.stop();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String usage() {
        return """
                usage: ./vtuber [command]
                  (none)   start the backend and, when there is a display, the command center window
                  serve    start the backend only
                  gui      the command center window only, connecting to API_HOST:API_PORT
                  doctor   check Java, folders, database, models and the LLM, and say what to fix
                  models   list | pull NAME... | verify [NAME...]: download and check models (no backend needed)
                  trainer  setup [--ref REF] [--python PY] [--dry-run] | check: the Python environment voice training uses
                  data     encrypt | decrypt | rekey --new-key-file FILE: convert the store (backend stopped; DATA_KEY is the key)
                  backup   FILE.zip: database, DATA_DIR and voices in one archive, also while the backend runs
                  restore  FILE.zip: into an empty location (no database, empty DATA_DIR)
                  help     this text
                Configuration: environment, then .env, then defaults (see .env.example).""";
    }
}
