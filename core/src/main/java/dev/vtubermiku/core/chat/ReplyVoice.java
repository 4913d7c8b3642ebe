package dev.vtubermiku.core.chat;

import dev.vtubermiku.core.character.Persona;
import org.jspecify.annotations.Nullable;

/**
 * Port: speaks a finished reply (text-to-speech) when the request asked for it. Called once per
 * reply, after the last token and before the exchange is stored, on a thread that may block.
 */
public interface ReplyVoice {

    /**
     * @param persona who speaks (its {@code voice} names the Piper voice, null for the default one)
     * @param text the reply as shown, without emotion tags
     * @param emotion the reply's emotion, for voices that can colour their delivery
     */
    Spoken speak(Persona persona, String text, Emotion emotion);

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
    ReplyVoice UNAVAILABLE = (persona, text, emotion) -> new Spoken.Unavailable(
            "speech synthesis is not available in this build yet: it arrives with the Speech feature (Piper voices)");
}
