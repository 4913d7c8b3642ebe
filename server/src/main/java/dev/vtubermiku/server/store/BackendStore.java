package dev.vtubermiku.server.store;

import dev.vtubermiku.server.store.files.DataKey;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Opens the store for a running backend: refused while {@code ./vtuber data …} or a restore rewrites
 * it, after an interrupted conversion, or while another backend holds it.
 */
public final class BackendStore {

    private BackendStore() {}

    public static Database open(Path file, @Nullable DataKey key) {
        refuseInUse(file); // before touching the file, and again once its lock is ours
        DataConversion.refuseInterrupted(file);
        Database database = Database.open(file, key);
        if (!database.holdsStoreLock()) {
            try {
                refuseInUse(file);
            } catch (IllegalStateException e) {
                database.close();
                throw e;
            }
        }
        return database;
    }

    private static void refuseInUse(Path database) {
        if (StoreLock.heldByAnotherProcess(database)) {
            throw new IllegalStateException("the store " + database
                    + " is in use by another process (a backend, ./vtuber data or ./vtuber restore): wait for it or stop it");
        }
    }
}
