package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatHistory;
import dev.vtubermiku.core.chat.UnknownCharacterException;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.VoiceActivityDetector;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Opens voice sessions on the engines: the streamer's speech in, the character's voice out. What a
 * session does is {@link VoiceSession}'s; this holds what all sessions share, and their latency.
 */
public final class VoiceLoop {

    final ChatEngine chat;
    final ChatHistory history;
    final SpeechToText stt;
    final TextToSpeech tts;
    final EventBus bus;
    final Executor work;
    final VoiceClock clock;
    final HistoryRepair repair;
    private final CharacterCatalog characters;
    private final VoiceActivityDetector vad;
    private final Supplier<VoiceSettings> settings;
    private final LatencyWindow latency = new LatencyWindow(512);

    /**
     * @param work runs transcriptions, history writes and the players that pace audio out; they block,
     *     so virtual threads suit it
     */
    public VoiceLoop(ChatEngine chat, ChatHistory history, CharacterCatalog characters, SpeechToText stt,
            TextToSpeech tts, VoiceActivityDetector vad, EventBus bus, Clock clock, Executor work,
            Supplier<VoiceSettings> settings) {
        this(chat, history, characters, stt, tts, vad, bus, VoiceClock.of(clock), work, settings);
    }

    /** The same on a {@link VoiceClock} of the caller's (a test's, which need not wait in real time). */
    public VoiceLoop(ChatEngine chat, ChatHistory history, CharacterCatalog characters, SpeechToText stt,
            TextToSpeech tts, VoiceActivityDetector vad, EventBus bus, VoiceClock clock, Executor work,
            Supplier<VoiceSettings> settings) {
        this.chat = chat;
        this.history = history;
        this.characters = characters;
        this.stt = stt;
        this.tts = tts;
        this.vad = vad;
        this.bus = bus;
        this.clock = clock;
        this.work = work;
        this.settings = settings;
        this.repair = new HistoryRepair(history, work, clock);
    }

    /**
     * A session that listens for the streamer and answers as {@code characterId} (null: the active
     * character). {@code bargeIn} null: as configured.
     *
     * @throws UnknownCharacterException when there is no such character
     */
    public VoiceSession open(@Nullable Long characterId, @Nullable Boolean bargeIn, TurnAudioSink output) {
        Persona persona;
        if (characterId != null) {
            persona = characters.find(characterId).orElseThrow(() -> new UnknownCharacterException(
                    "There is no character " + characterId + " (or it was archived). GET /api/characters lists them."));
        } else {
            try {
                persona = characters.active();
            } catch (IllegalStateException e) {
                throw new UnknownCharacterException("There is no character to talk to yet: create one first (POST /api/characters).");
            }
        }
        VoiceSettings s = settings.get();
        if (bargeIn != null) {
            s = s.withBargeIn(bargeIn);
        }
        return new VoiceSession(this, persona, s, vad.openScorer(), output);
    }

    /** The settings a session opened now would get. */
    public VoiceSettings settings() {
        return settings.get();
    }

    public LatencyWindow latency() {
        return latency;
    }

    /** Now, in nanoseconds of the injected clock. */
    long nanos() {
        return clock.nanos();
    }
}
