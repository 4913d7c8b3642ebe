package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code characters}.
 *
 * @param card the character card as imported or last exported (JSON), holding the fields that have
 *     no column of their own; null for characters made in the app
 * @param archivedAt when the character was archived (deleted while it had history), or null
 */
public record CharacterRow(
        long id,
        String name,
        String profile,
        String personality,
        @Nullable String avatarUrl,
        String greeting,
        String exampleDialogue,
        @Nullable String voice,
        @Nullable String card,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant archivedAt) {

    public boolean archived() {
        return archivedAt != null;
    }
}
