package dev.vtubermiku.core.chat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The emotions a character shows; the model is asked to start each reply with one as a tag, e.g. {@code [joy]}. */
public enum Emotion {
    NEUTRAL,
    JOY,
    SADNESS,
    ANGER,
    SURPRISE,
    FEAR,
    DISGUST,
    SMIRK;

    /** Words models write instead of ours; mapping them beats showing the tag or losing the mood. */
    private static final Map<String, Emotion> SYNONYMS = Map.ofEntries(
            Map.entry("happy", JOY), Map.entry("happiness", JOY), Map.entry("excited", JOY), Map.entry("cheerful", JOY),
            Map.entry("sad", SADNESS), Map.entry("angry", ANGER), Map.entry("mad", ANGER), Map.entry("annoyed", ANGER),
            Map.entry("surprised", SURPRISE), Map.entry("shocked", SURPRISE), Map.entry("scared", FEAR),
            Map.entry("afraid", FEAR), Map.entry("disgusted", DISGUST), Map.entry("smug", SMIRK), Map.entry("teasing", SMIRK),
            Map.entry("calm", NEUTRAL));

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Our name or a common synonym, any case; empty for anything else. */
    public static Optional<Emotion> fromTag(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.wire().equals(w)).findFirst()
                .or(() -> Optional.ofNullable(SYNONYMS.get(w)));
    }

    /** "neutral, joy, …" for the prompt. */
    public static String list() {
        return String.join(", ", Arrays.stream(values()).map(Emotion::wire).toList());
    }
}
