package dev.vtubermiku.server.onair.vts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.server.onair.SpeechCue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Where the mouth is at a given moment: the chunk's envelope in time, and closed when it ends or is cut off. */
class MouthTrackTest {

    static final long MS = 1_000_000L;
    static final long T0 = 5_000 * MS;

    private final MouthTrack mouth = new MouthTrack();

    static SpeechCue started(String turn, int chunk, Object envelope, long durationMs, long at) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("turn_id", turn);
        data.put("chunk", chunk);
        data.put("text", "words");
        data.put("duration_ms", durationMs);
        data.put("envelope_ms", 20);
        data.put("envelope", envelope);
        return SpeechCue.of(new Event(1L, EventTypes.SPEECH_STARTED, Instant.EPOCH, Severity.DEBUG, "", data), at).orElseThrow();
    }

    static SpeechCue finished(String turn, Integer chunk, boolean turnEnd, boolean interrupted) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("turn_id", turn);
        data.put("chunk", chunk);
        data.put("turn_end", turnEnd);
        data.put("interrupted", interrupted);
        return SpeechCue.of(new Event(2L, EventTypes.SPEECH_FINISHED, Instant.EPOCH, Severity.DEBUG, "", data), 0).orElseThrow();
    }

    @Test
    void followsTheEnvelopeTwentyMillisecondsPerValueTimesTheGain() {
        mouth.apply(started("t", 0, new float[] {0.05f, 0.1f, 0.25f, 0.5f}, 80, T0));

        assertThat(mouth.value(T0)).isEqualTo(0.2);
        assertThat(mouth.value(T0 + 19 * MS)).isEqualTo(0.2);
        assertThat(mouth.value(T0 + 20 * MS)).isEqualTo(0.4);
        assertThat(mouth.value(T0 + 45 * MS)).isEqualTo(1.0);
        assertThat(mouth.value(T0 + 79 * MS)).as("clamped at 1").isEqualTo(1.0);
        assertThat(mouth.speaking(T0 + 79 * MS)).isTrue();
        assertThat(mouth.speaking(T0 + 80 * MS)).as("the chunk has played").isFalse();
        assertThat(mouth.value(T0 + 80 * MS)).isZero();
    }

    @Test
    void readsTheEnvelopeAsDecodedJsonToo() {
        mouth.apply(started("t", 0, List.of(0.1, 0.2), 40, T0));
        assertThat(mouth.value(T0 + 25 * MS)).isEqualTo(0.8);
    }

    @Test
    void theChunksFinishClosesItButNotTheNextChunk() {
        mouth.apply(started("t", 0, new float[] {0.2f, 0.2f}, 40, T0));
        mouth.apply(started("t", 1, new float[] {0.1f, 0.1f}, 40, T0 + 30 * MS));
        mouth.apply(finished("t", 0, false, false)); // the first chunk's late finish: the second plays on
        assertThat(mouth.value(T0 + 35 * MS)).isEqualTo(0.4);
        mouth.apply(finished("t", 1, false, false));
        assertThat(mouth.speaking(T0 + 36 * MS)).isFalse();
    }

    @Test
    void anInterruptionClosesItAtOnceAndAnotherTurnsEventsDoNot() {
        mouth.apply(started("t", 0, new float[100], 2000, T0));
        mouth.apply(finished("other", null, true, true));
        assertThat(mouth.speaking(T0 + 10 * MS)).isTrue();
        mouth.apply(finished("t", null, true, true));
        assertThat(mouth.speaking(T0 + 10 * MS)).isFalse();
        assertThat(mouth.value(T0 + 10 * MS)).isZero();
    }

    @Test
    void eventsWithoutATurnOrOfOtherTypesAreNoCues() {
        Event log = new Event(3L, EventTypes.LOG_ENTRY, Instant.EPOCH, Severity.INFO, "", Map.of("turn_id", "t"));
        Event noTurn = new Event(4L, EventTypes.SPEECH_STARTED, Instant.EPOCH, Severity.INFO, "", Map.of("text", "x"));
        assertThat(SpeechCue.of(log, 0)).isEmpty();
        assertThat(SpeechCue.of(noTurn, 0)).isEmpty();
    }
}
