package dev.vtubermiku.protocol;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A character as the API shows it.
 *
 * @param profile who she is (a card's description, plus its scenario when it has one)
 * @param greeting what she says first (a card's first_mes)
 * @param exampleDialogue sample lines in her voice (a card's mes_example)
 * @param voice the Piper voice she speaks with; null for the default voice
 * @param active whether chat uses her when a request names no character
 * @param archived whether she was deleted while she had history (kept, hidden from the list)
 */
public record CharacterInfo(
        long id,
        String name,
        String profile,
        String personality,
        @Nullable String avatarUrl,
        String greeting,
        String exampleDialogue,
        @Nullable String voice,
        boolean active,
        boolean archived,
        Instant createdAt,
        Instant updatedAt) {}
