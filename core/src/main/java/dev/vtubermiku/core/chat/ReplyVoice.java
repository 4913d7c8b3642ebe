package dev.vtubermiku.core.chat;

import dev.vtubermiku.core.character.Persona;
import org.jspecify.annotations.Nullable;

/**
 * Port: speaks a reply (text-to-speech) when the request asked for it, as the reply streams: opened
 * before the first token, handed each piece of visible text, and finished once the reply is complete
 * (before the exchange is stored), so her first words are heard long before the reply is done.
 */
@FunctionalInterface
public interface ReplyVoice {

    /**
     * Opens the voice of one reply.
     *
     * @param persona who speaks (its {@code voice} names the Piper voice, null for the default one)
     * @param turnId the reply's turn id, which the speech events and audio share
     * @param origin where the line came from ({@code http}, {@code ws}, {@code audience}, …)
     */
    Speaking open(Persona persona, String turnId, String origin);

    /**
     * One reply being spoken: it hears the reply as it streams (on the model's thread, so quickly).
     * Its methods are called in order, from one thread at a time.
     */
    interface Speaking extends ReplyTokens {

        /**
         * The reply is complete: waits until all of it is synthesised (not played) and keeps its audio.
         * Never throws: a failure is an {@link Spoken.Unavailable}.
         *
         * @param text the reply as shown, without emotion tags
         */
        Spoken finish(String text, Emotion emotion);

        /** The reply failed or was cancelled: she stops. */
        void stop(String why);

        /** Speaks nothing; {@link #finish} says why. */
        static Speaking unavailable(String reason) {
            return new Speaking() {
                @Override
                public void token(String text) {}

                @Override
                public Spoken finish(String text, Emotion emotion) {
                    return new Spoken.Unavailable(reason);
                }

                @Override
                public void stop(String why) {}
            };
        }
    }

    /** What came of speaking a reply. */
    sealed interface Spoken {

        /**
         * @param audioFile stored in {@code chat_logs.audio_file}: the file's path relative to DATA_DIR
         * @param audioUrl where a client fetches it, e.g. {@code /api/audio/chat/123.wav}
         */
        record Audio(String audioFile, String audioUrl) implements Spoken {}

        /** No audio, and why, in words for the user (returned as {@code audio_error}). */
        record Unavailable(String reason) implements Spoken {}

        default @Nullable String audioFile() {
            return this instanceof Audio a ? a.audioFile() : null;
        }

        default @Nullable String audioUrl() {
            return this instanceof Audio a ? a.audioUrl() : null;
        }

        default @Nullable String error() {
            return this instanceof Unavailable u ? u.reason() : null;
        }
    }

    /** The voice until a text-to-speech engine is plugged in: says that speech is not available. */
    ReplyVoice UNAVAILABLE = (persona, turnId, origin) -> Speaking.unavailable(
            "speech synthesis is not available in this build yet: it arrives with the Speech feature (Piper voices)");
}
