package dev.vtubermiku.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Instant;
import java.util.function.Function;
import dev.vtubermiku.server.store.files.DataKey;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database: WAL, one writer connection (every write is serialised through it) and a few
 * read-only connections that never block on it. Opening migrates the schema forward with Flyway.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int READERS = 4;

    private final Path file;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final Jdbi writer;
    private final Jdbi reader;
    private final @Nullable StoreLock lock;

    private Database(Path file, HikariDataSource writerPool, HikariDataSource readerPool, @Nullable StoreLock lock) {
        this.file = file;
        this.lock = lock;
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.writer = configure(Jdbi.create(writerPool));
        this.reader = configure(Jdbi.create(readerPool));
    }

    /** Opens (creating if needed) and migrates the database at {@code file}. */
    public static Database open(Path file) {
        return open(file, null, null);
    }

    /**
     * Opens the database encrypted with {@code key} (null: a plain file, as before encryption existed).
     *
     * @throws dev.vtubermiku.server.store.files.DataKeyException when the key does not fit the file
     */
    public static Database open(Path file, @Nullable DataKey key) {
        return open(file, null, key);
    }

    /** Opens and migrates up to {@code targetVersion} (null: latest); older versions are for tests. */
    static Database open(Path file, @Nullable String targetVersion) {
        return open(file, targetVersion, null);
    }

    static Database open(Path file, @Nullable String targetVersion, @Nullable DataKey key) {
        SqliteNative.prepare();
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + absolute, e);
        }
        DatabaseCipher.check(absolute, key);
        // Held while open, so ./vtuber data ... and restore refuse to rewrite a store in use. A second
        // opener (./vtuber doctor beside a running backend, a test peeking at its file) goes without
        // it; the backend itself refuses a store another process holds (App).
        StoreLock lock = StoreLock.tryTake(absolute).orElse(null);
        HikariDataSource writerPool;
        try {
            writerPool = pool("sqlite-writer", absolute, false, 1, key);
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
        HikariDataSource readerPool = null;
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(writerPool)
                    .locations("classpath:db/migration")
                    .target(targetVersion == null ? "latest" : targetVersion)
                    .load();
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("Database {} migrated to version {}", absolute, result.targetSchemaVersion);
            }
            readerPool = pool("sqlite-reader", absolute, true, READERS, key);
            return new Database(absolute, writerPool, readerPool, lock);
        } catch (RuntimeException e) {
            writerPool.close();
            if (readerPool != null) {
                readerPool.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    private static HikariDataSource pool(String name, Path file, boolean readOnly, int size, @Nullable DataKey key) {
        SQLiteConfig sqlite = DatabaseCipher.config(key);
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode: a committed transaction survives a process crash; only a power
        // loss can take the last few back, and never corrupts the file.
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(10_000);
        sqlite.setReadOnly(readOnly);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        hikari.setReadOnly(readOnly);
        hikari.setConnectionTimeout(30_000);
        return new HikariDataSource(hikari);
    }

    private static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.registerArgument(new InstantArgument());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            String text = rs.getString(column);
            return text == null ? null : Instant.parse(text);
        });
        return jdbi;
    }

    /** Whether this database holds the store's lock (the first opener in this JVM does). */
    public boolean holdsStoreLock() {
        return lock != null;
    }

    public Path file() {
        return file;
    }

    /** A DAO whose calls write: they all go through the one writer connection. */
    public <T> T writeDao(Class<T> dao) {
        return writer.onDemand(dao);
    }

    /** A DAO for reads; its calls run on the reader connections and never wait for the writer. */
    public <T> T readDao(Class<T> dao) {
        return reader.onDemand(dao);
    }

    /** Runs several writes as one transaction on the writer connection. */
    public <R> R inTransaction(Function<Handle, R> work) {
        return writer.inTransaction(work::apply);
    }

    /** {@code PRAGMA integrity_check}: "ok" for a healthy file. */
    public String integrityCheck() {
        return reader.withExtension(MaintenanceDao.class, MaintenanceDao::integrityCheck);
    }

    /** The schema version Flyway has applied. */
    public String schemaVersion() {
        return reader.withExtension(MaintenanceDao.class, MaintenanceDao::schemaVersion);
    }

    @Override
    public void close() {
        readerPool.close();
        writerPool.close();
        if (lock != null) {
            lock.close();
        }
    }

    /** Instants are stored as ISO-8601 UTC text, which sorts and reads well in any SQLite tool. */
    private static final class InstantArgument extends AbstractArgumentFactory<Instant> {
        InstantArgument() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.toString());
        }
    }
}
