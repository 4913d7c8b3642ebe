package dev.vtubermiku.server.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the store tests ask SQLite about the file itself. */
public interface SchemaDao {

    @SqlQuery("PRAGMA journal_mode")
    String journalMode();

    @SqlQuery("PRAGMA foreign_keys")
    int foreignKeys();

    @SqlQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    List<String> tables();

    @SqlQuery("SELECT name FROM pragma_table_info(:table) ORDER BY cid")
    List<String> columns(@Bind("table") String table);

    @SqlQuery("SELECT COUNT(*) FROM flyway_schema_history")
    int migrationsRecorded();

    @SqlQuery("SELECT COUNT(*) FROM <table>")
    long count(@Define("table") String table);

    /** {@code typeof(column) || ':' || column}, e.g. {@code text:2026-11-24T10:00:00Z}. */
    @SqlQuery("SELECT typeof(<column>) || ':' || <column> FROM <table> WHERE id = :id")
    String typedValue(@Define("table") String table, @Define("column") String column, @Bind("id") long id);

    @SqlUpdate("INSERT INTO characters (name, created_at, updated_at) VALUES ('x', 'now', 'now')")
    int insertCharacter();
}
