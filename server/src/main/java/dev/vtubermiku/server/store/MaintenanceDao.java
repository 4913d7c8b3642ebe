package dev.vtubermiku.server.store;

import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Health checks of the database file itself. */
public interface MaintenanceDao {

    @SqlQuery("PRAGMA integrity_check")
    String integrityCheck();

    @SqlQuery("""
            SELECT version FROM flyway_schema_history
            WHERE success = 1 AND version IS NOT NULL
            ORDER BY installed_rank DESC LIMIT 1
            """)
    String schemaVersion();

    @SqlQuery("SELECT 1")
    int ping();
}
