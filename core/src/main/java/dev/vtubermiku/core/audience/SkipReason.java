package dev.vtubermiku.core.audience;

import java.util.Locale;

/** Why a viewer's message was not answered: the {@code reason} of {@code audience.skipped}. */
public enum SkipReason {
    /** Nothing left after cleaning (only emotes, invisible characters, marks). */
    EMPTY,
    /** Longer than AUDIENCE_MAX_CHARS. */
    TOO_LONG,
    /** The author is on AUDIENCE_BLOCKED_USERS or was blocked from the Stream tab. */
    BLOCKED_USER,
    /** The message contains a word of AUDIENCE_BLOCKLIST. */
    BLOCKED_WORD,
    /** The message contains a link. */
    LINK,
    /** The author is a chat bot (AUDIENCE_BOTS). */
    BOT,
    /** A {@code !command} for a bot. */
    COMMAND,
    /** The author wrote more than AUDIENCE_USER_RATE messages in a minute. */
    RATE_LIMITED,
    /** The same text again (from this viewer, or copy-pasted by several within half a minute). */
    DUPLICATE,
    /** The queue was full and this message had the lowest priority. */
    QUEUE_FULL,
    /** It waited longer than AUDIENCE_MAX_AGE_SECONDS. */
    TOO_OLD,
    /** Skipped by hand (Stream tab, API). */
    SKIPPED,
    /** Her reply contained a blocklisted word: neither spoken nor posted. */
    UNSAFE_REPLY,
    /** Her reply failed (the LLM failed or the turn was cancelled). */
    ANSWER_FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
