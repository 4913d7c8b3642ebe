package dev.vtubermiku.server.cli;

import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.DataConversion;
import dev.vtubermiku.server.store.StoreBackup;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./vtuber data encrypt | decrypt | rekey --new-key-file FILE}, {@code ./vtuber backup FILE}
 * and {@code ./vtuber restore FILE}. A key that is missing or does not fit: one line, exit code 2,
 * nothing changed. Keys are never printed; only their ids.
 */
final class DataCommand {

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    DataCommand(Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    int data(List<String> args) {
        String action = args.isEmpty() ? "" : args.getFirst();
        try {
            DataKey current = DataKey.from(settings).orElse(null);
            return switch (action) {
                case "encrypt" -> args.size() != 1 ? usage()
                        : convert("encrypted", null, need(current, "set DATA_KEY or DATA_KEY_FILE to the new key first (and keep a copy of it)"));
                case "decrypt" -> args.size() != 1 ? usage()
                        : convert("decrypted (unset DATA_KEY now)", need(current, "set DATA_KEY or DATA_KEY_FILE to the store's key to decrypt it"),
                                null);
                case "rekey" -> args.size() != 3 || !args.get(1).equals("--new-key-file") ? usage()
                        : convert("rekeyed (put the new key into DATA_KEY / DATA_KEY_FILE now)",
                                need(current, "set DATA_KEY or DATA_KEY_FILE to the store's current key to rekey it"),
                                DataKey.fromFile(Path.of(args.get(2)), "the new key file"));
                default -> usage();
            };
        } catch (DataKeyException e) {
            err.println(e.getMessage());
            return Main.EXIT_USAGE;
        }
    }

    private static DataKey need(@Nullable DataKey key, String otherwise) {
        if (key == null) {
            throw new DataKeyException(otherwise);
        }
        return key;
    }

    private int convert(String done, @Nullable DataKey from, @Nullable DataKey to) {
        return report("the conversion stopped", " (run the same command again to finish it)", () -> {
            DataConversion.Result r = DataConversion.run(settings.databaseFile(), settings.dataDir(), from, to, f -> {});
            if (!r.databaseConverted() && r.filesConverted() == 0) {
                return "Nothing to do: the store is " + done.split(" ")[0] + " already (" + r.filesAlready() + " audio file(s)).";
            }
            return "The store is " + done + ": database " + (r.databaseConverted() ? "converted" : "already converted") + ", "
                    + r.filesConverted() + " audio file(s) converted, " + r.filesAlready() + " already.";
        });
    }

    int backup(List<String> args) {
        if (args.size() != 1) {
            err.println("usage: ./vtuber backup FILE.zip");
            return Main.EXIT_USAGE;
        }
        return report("the backup failed", "", () -> {
            StoreBackup.Summary s = StoreBackup.backup(location(), DataKey.from(settings).orElse(null), Path.of(args.getFirst()));
            return "Backed up the database, " + s.dataFiles() + " data file(s) and " + s.voiceFiles() + " voice file(s) to "
                    + args.getFirst() + " (" + s.bytes() / 1024 + " KB" + (s.encrypted() ? ", encrypted" : "") + ").";
        });
    }

    int restore(List<String> args) {
        if (args.size() != 1) {
            err.println("usage: ./vtuber restore FILE.zip");
            return Main.EXIT_USAGE;
        }
        return report("the restore failed", "", () -> {
            StoreBackup.Summary s = StoreBackup.restore(Path.of(args.getFirst()), location(), DataKey.from(settings).orElse(null));
            return "Restored the database, " + s.dataFiles() + " data file(s) and " + s.voiceFiles() + " voice file(s) from "
                    + args.getFirst() + ".";
        });
    }

    /** What a command does, returning the line to print. */
    private interface Work {
        String run() throws IOException;
    }

    /** Runs {@code work}: its line and 0; a key problem: its one line and 2; anything else: one line and 1. */
    private int report(String failed, String hint, Work work) {
        try {
            out.println(work.run());
            return 0;
        } catch (DataKeyException e) {
            err.println(e.getMessage());
            return Main.EXIT_USAGE;
        } catch (IOException | RuntimeException e) {
            err.println(failed + ": " + e.getMessage() + hint);
            return Main.EXIT_FAILED;
        }
    }

    private StoreBackup.Location location() {
        return new StoreBackup.Location(settings.databaseFile(), settings.dataDir(), settings.modelsDir());
    }

    private int usage() {
        err.println("usage: ./vtuber data encrypt | decrypt | rekey --new-key-file FILE (DATA_KEY / DATA_KEY_FILE hold the current key)");
        return Main.EXIT_USAGE;
    }
}
