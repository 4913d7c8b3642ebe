package dev.vtubermiku.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;
import org.jspecify.annotations.Nullable;

/** The {@code characters} table. */
@RegisterConstructorMapper(CharacterRow.class)
public interface CharacterDao extends SqlObject {

    /**
     * The columns a user edits, as one value.
     *
     * @param card the character card as imported or last exported (JSON), holding the fields that
     *     have no column of their own; null for characters made in the app
     */
    record Fields(
            String name,
            String profile,
            String personality,
            @Nullable String avatarUrl,
            String greeting,
            String exampleDialogue,
            @Nullable String voice,
            @Nullable String card) {

        public static Fields basic(String name, String profile, String personality) {
            return new Fields(name, profile, personality, null, "", "", null, null);
        }
    }

    @SqlUpdate("""
            INSERT INTO characters (name, profile, personality, avatar_url, greeting, example_dialogue, voice, card,
                                    created_at, updated_at)
            VALUES (:name, :profile, :personality, :avatarUrl, :greeting, :exampleDialogue, :voice, :card, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(@BindMethods Fields fields, @Bind("now") Instant now);

    /** Inserts a character with only a name, profile and personality. */
    default long insert(String name, String profile, String personality, @Nullable String avatarUrl, Instant now) {
        return insert(new Fields(name, profile, personality, avatarUrl, "", "", null, null), now);
    }

    @SqlUpdate("""
            UPDATE characters SET name = :name, profile = :profile, personality = :personality,
                   avatar_url = :avatarUrl, greeting = :greeting, example_dialogue = :exampleDialogue,
                   voice = :voice, card = :card, updated_at = :now
            WHERE id = :id
            """)
    int update(@Bind("id") long id, @BindMethods Fields fields, @Bind("now") Instant now);

    @SqlUpdate("UPDATE characters SET avatar_url = :avatarUrl, updated_at = :now WHERE id = :id")
    int updateAvatar(@Bind("id") long id, @Bind("avatarUrl") @Nullable String avatarUrl, @Bind("now") Instant now);

    @SqlUpdate("UPDATE characters SET archived_at = :at, updated_at = :now WHERE id = :id")
    int setArchived(@Bind("id") long id, @Bind("at") @Nullable Instant archivedAt, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM characters WHERE id = :id")
    int delete(@Bind("id") long id);

    @SqlQuery("SELECT * FROM characters WHERE id = :id")
    Optional<CharacterRow> find(@Bind("id") long id);

    /** Every character that is not archived, oldest first. */
    @SqlQuery("SELECT * FROM characters WHERE archived_at IS NULL ORDER BY id")
    List<CharacterRow> list();

    /** Every character, archived ones included, oldest first. */
    @SqlQuery("SELECT * FROM characters ORDER BY id")
    List<CharacterRow> listAll();

    /** How many rows elsewhere (chat logs, memories, trained models) refer to the character. */
    @SqlQuery("""
            SELECT (SELECT COUNT(*) FROM chat_logs WHERE character_id = :id)
                 + (SELECT COUNT(*) FROM memories WHERE character_id = :id)
                 + (SELECT COUNT(*) FROM models WHERE character_id = :id)
            """)
    long references(@Bind("id") long id);

    /**
     * Inserts the starter characters unless they were seeded before (even if since deleted), and
     * makes the first one active when none is; all or nothing.
     *
     * @return the new ids, empty when the starters had been seeded already
     */
    @Transaction
    default List<Long> seedOnce(List<Fields> starters, Instant now) {
        AppStateDao state = getHandle().attach(AppStateDao.class);
        if (state.get(AppStateDao.STARTERS_SEEDED).isPresent()) {
            return List.of();
        }
        List<Long> ids = starters.stream().map(fields -> insert(fields, now)).toList();
        state.put(AppStateDao.STARTERS_SEEDED, "true", now);
        if (!ids.isEmpty() && state.get(AppStateDao.ACTIVE_CHARACTER).isEmpty()) {
            state.put(AppStateDao.ACTIVE_CHARACTER, Long.toString(ids.getFirst()), now);
        }
        return ids;
    }

    /**
     * Deletes a character, or archives her when chat logs, memories or trained voices refer to her (the
     * history stays with its character).
     *
     * @return true when archived, false when deleted
     */
    @Transaction
    default boolean deleteOrArchive(long id, Instant now) {
        if (references(id) > 0) {
            setArchived(id, now, now);
            return true;
        }
        delete(id);
        return false;
    }
}
