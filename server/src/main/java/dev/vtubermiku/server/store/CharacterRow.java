package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jdbi.v3.core.mapper.Nested;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code characters}: its id, the columns a user edits ({@link CharacterDao.Fields}, read
 * from the same row's columns) and the times the store keeps.
 *
 * @param archivedAt when the character was archived (deleted while it had history), or null
 */
public record CharacterRow(
        long id,
        @Nested CharacterDao.Fields fields,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant archivedAt) {

    public boolean archived() {
        return archivedAt != null;
    }
}
