package dev.vtubermiku.core.character;

import org.jspecify.annotations.Nullable;

/**
 * What the chat engine needs to know to speak as a character.
 *
 * @param voice the Piper voice name for this character, or null for the default voice
 */
public record Persona(
        long id,
        String name,
        String profile,
        String personality,
        String greeting,
        String exampleDialogue,
        @Nullable String voice) {}
