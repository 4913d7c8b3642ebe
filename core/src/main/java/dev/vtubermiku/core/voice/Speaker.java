package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.speech.TextToSpeech;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Her voice outside a voice session: starts {@link Utterance}s, which play one after another to
 * {@code listeners} (whoever asked to hear her) with {@code speech.*} events. Chunking, the first
 * chunk's length and the lead come from the voice loop's settings, so she sounds the same wherever
 * she speaks.
 */
public final class Speaker {

    /** The rate of a turn-end frame when no audio was made. */
    static final int DEFAULT_RATE = 22_050;

    final TextToSpeech tts;
    final EventBus bus;
    final Executor work;
    final VoiceClock clock;
    final TurnAudioSink listeners;
    private final Supplier<VoiceSettings> settings;
    private final AtomicLong seq = new AtomicLong();
    private final Object order = new Object();
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null); // guarded by order

    /** @param work runs the players, which wait between frames: virtual threads suit it */
    public Speaker(TextToSpeech tts, EventBus bus, Executor work, VoiceClock clock, TurnAudioSink listeners,
            Supplier<VoiceSettings> settings) {
        this.tts = tts;
        this.bus = bus;
        this.work = work;
        this.clock = clock;
        this.listeners = listeners;
        this.settings = settings;
    }

    /**
     * An utterance of {@code persona}'s, to be handed its text as it streams; it plays after any
     * that started before it.
     *
     * @param turnId a UUID string: the events' {@code turn_id}, the frames' turn id
     * @param origin what made her speak: {@code chat}, {@code greeting}, {@code audience}
     */
    public Utterance start(Persona persona, String turnId, String origin) {
        synchronized (order) {
            Utterance u = new Utterance(this, persona, turnId, origin, last, settings.get());
            last = u.over();
            return u;
        }
    }

    /** Says a whole text (a greeting); the returned utterance has all of it. */
    public Utterance say(Persona persona, String turnId, String text, String origin, @Nullable String emotion) {
        Utterance u = start(persona, turnId, origin);
        u.emotion(emotion);
        u.say(text);
        u.end();
        return u;
    }

    long nextSeq() {
        return seq.getAndIncrement();
    }
}
