package dev.vtubermiku.server.store;

import dev.vtubermiku.speech.NativeCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.OSInfo;

/**
 * Where the SQLite driver finds its native library. Left alone, sqlite-jdbc copies its 1.1 MB
 * library into the system temp folder under a new name on every start, reads it back to compare,
 * and sweeps older copies: about a tenth of the backend's start-up. Here it is unpacked once per
 * driver version into the {@link NativeCache} folder and loaded from there
 * ({@code org.sqlite.lib.path} / {@code org.sqlite.lib.name}, the driver's own switches).
 */
final class SqliteNative {

    private static final Logger log = LoggerFactory.getLogger(SqliteNative.class);
    private static boolean prepared;

    private SqliteNative() {}

    /** Once per process, before the first connection; a failure leaves the driver's own extraction. */
    static synchronized void prepare() {
        if (prepared || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        prepared = true;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return; // elsewhere the driver's library names differ per system: its own extraction it is
        }
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                + System.mapLibraryName("sqlitejdbc");
        try {
            Path library = NativeCache.unpackOnce(NativeCache.defaultRoot(), OSInfo.class, resource, "sqlite-jdbc");
            System.setProperty("org.sqlite.lib.path", library.getParent().toAbsolutePath().toString());
            System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            log.debug("SQLite's library unpacks into the temp folder: cannot use {}", NativeCache.defaultRoot(), e);
        }
    }
}
