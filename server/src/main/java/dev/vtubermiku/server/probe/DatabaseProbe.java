package dev.vtubermiku.server.probe;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.MaintenanceDao;
import java.time.Duration;

/** The database answers a query. */
public final class DatabaseProbe implements ServiceProbe {

    private final Database database;

    public DatabaseProbe(Database database) {
        this.database = database;
    }

    @Override
    public ServiceId service() {
        return ServiceId.DB;
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public ServiceHealth check() {
        try {
            database.readDao(MaintenanceDao.class).ping();
            return ServiceHealth.ok(ServiceId.DB, "SQLite " + database.file() + " (schema v" + database.schemaVersion() + ")");
        } catch (RuntimeException e) {
            return ServiceHealth.unavailable(ServiceId.DB, "database " + database.file() + " does not answer: " + e.getMessage(),
                    "check that the disk is not full and the file is not locked by another program");
        }
    }
}
