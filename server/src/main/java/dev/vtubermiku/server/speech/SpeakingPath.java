package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.core.chat.ReplyVoice;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.voice.Speaker;
import dev.vtubermiku.core.voice.Utterance;
import dev.vtubermiku.core.voice.VoiceClock;
import dev.vtubermiku.core.voice.VoiceSettings;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way she speaks outside a voice session: a typed chat with {@code speak: true} (HTTP and
 * /ws), her greeting, an answer to a viewer. Each is an {@link Utterance} of the {@link Speaker}:
 * chunked as the reply streams, the first chunk synthesised and played (frames to the /ws listeners,
 * {@code speech.started} / {@code speech.finished} per chunk) before the reply is complete, and
 * once the reply is complete its chunks kept as one WAV for the chat's {@code audio_url}. The voice
 * loop speaks the same way ({@code core.voice.SpokenTurn}), its frames to its client and the listeners.
 */
public final class SpeakingPath implements ReplyVoice {

    private static final Logger log = LoggerFactory.getLogger(SpeakingPath.class);
    private static final int TIMEOUT_SECONDS = 120;

    private final Speaker speaker;
    private final SpokenReplies replies;
    private final Duration timeout;

    /** @param timeout how long a complete reply may take to be synthesised before it is kept without audio */
    public SpeakingPath(Speaker speaker, SpokenReplies replies, Duration timeout) {
        this.speaker = speaker;
        this.replies = replies;
        this.timeout = timeout;
    }

    /**
     * The path on these engines: utterances paced on {@code work}, heard by {@code listeners}, each
     * complete reply given {@value #TIMEOUT_SECONDS} s to be synthesised and kept under {@code dataDir}.
     */
    public static SpeakingPath of(TextToSpeech tts, EventBus bus, Executor work, Clock clock, VoiceListeners listeners,
            Supplier<VoiceSettings> settings, Supplier<Path> dataDir, AudioFiles files) {
        return new SpeakingPath(new Speaker(tts, bus, work, VoiceClock.of(clock), listeners, settings),
                new SpokenReplies(dataDir, files), Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    /**
     * The speech events' {@code origin} for a chat line's origin: a viewer's line ({@code twitch},
     * {@code youtube}, {@code audience…}) is {@code audience}; the streamer's ({@code http}, {@code ws}) is {@code chat}.
     */
    static String origin(String requestOrigin) {
        return requestOrigin.startsWith("audience") || requestOrigin.equals("twitch") || requestOrigin.equals("youtube")
                ? "audience" : "chat";
    }

    @Override
    public Speaking open(Persona persona, String turnId, String origin) {
        return new StreamingReply(speaker.start(persona, turnId, origin(origin)));
    }

    /** Says her greeting (her card's first message) to whoever listens; null when she has none. */
    public @Nullable Utterance greet(Persona persona) {
        if (persona.greeting().isBlank()) {
            return null;
        }
        return speaker.say(persona, UUID.randomUUID().toString(), persona.greeting(), "greeting", null);
    }

    private final class StreamingReply implements Speaking {
        private final Utterance utterance;

        StreamingReply(Utterance utterance) {
            this.utterance = utterance;
        }

        @Override
        public void emotion(Emotion emotion) {
            utterance.emotion(emotion.wire());
        }

        @Override
        public void token(String text) {
            utterance.say(text);
        }

        @Override
        public ReplyVoice.Spoken finish(String text, Emotion emotion) {
            utterance.emotion(emotion.wire());
            try {
                return replies.keep(utterance.end().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                utterance.stop("speech synthesis took too long");
                return new ReplyVoice.Spoken.Unavailable("speech synthesis took longer than " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                utterance.stop("interrupted");
                return new ReplyVoice.Spoken.Unavailable("interrupted while speaking");
            } catch (ExecutionException | RuntimeException e) {
                log.warn("Speaking turn {} failed", utterance.id(), e);
                utterance.stop("speech synthesis failed");
                return new ReplyVoice.Spoken.Unavailable("speech synthesis failed: " + e.getMessage());
            }
        }

        @Override
        public void stop(String why) {
            utterance.stop(why);
        }
    }
}
