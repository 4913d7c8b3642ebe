package dev.vtubermiku.core.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.speech.VadSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnSegmenterTest {

    private static final int FRAME = 512; // 32 ms at 16 kHz, as Silero scores
    private final VadSettings vad = new VadSettings(0.5, 250, 100, 30);

    /** Feeds {@code ms} of frames at probability {@code p} (the frame's samples carry p, to check the audio kept). */
    private static List<TurnSegmenter.Signal> feed(TurnSegmenter s, double ms, float p) {
        List<TurnSegmenter.Signal> out = new ArrayList<>();
        for (int i = 0; i < Math.round(ms / 32); i++) {
            float[] frame = new float[FRAME];
            java.util.Arrays.fill(frame, p);
            TurnSegmenter.Signal signal = s.push(frame, p);
            if (signal != null) {
                out.add(signal);
            }
        }
        return out;
    }

    @Test
    void aTurnEndsAfterTheConfiguredSilenceWithItsAudioAndHangover() {
        TurnSegmenter s = new TurnSegmenter(vad, 16_000, 400, 30_000, 200);
        assertThat(feed(s, 640, 0.0f)).isEmpty();
        List<TurnSegmenter.Signal> speech = feed(s, 960, 0.9f);
        assertThat(speech).containsExactly(new TurnSegmenter.Signal.SpeechStarted());
        assertThat(feed(s, 352, 0.1f)).isEmpty(); // 11 frames: less than 400 ms of silence
        List<TurnSegmenter.Signal> end = feed(s, 64, 0.1f);
        assertThat(end).hasSize(1);
        TurnSegmenter.Signal.TurnEnded turn = (TurnSegmenter.Signal.TurnEnded) end.getFirst();
        assertThat(turn.hangoverSamples()).isEqualTo(13 * FRAME); // the first 13 frames of silence reached 400 ms
        // pre-roll (200 ms of the silence before) + speech + 30 ms of padding
        assertThat(turn.audio().length).isEqualTo(3200 + 30 * FRAME + 480);
        assertThat(turn.audio()[0]).isEqualTo(0.0f);
        assertThat(turn.audio()[3200]).isEqualTo(0.9f);
    }

    @Test
    void pausesShorterThanTheSilenceStayInOneTurnAndCoughsAreNoTurn() {
        TurnSegmenter s = new TurnSegmenter(vad, 16_000, 400, 30_000, 200);
        assertThat(feed(s, 128, 0.9f)).isEmpty(); // too short to be speech yet
        assertThat(feed(s, 640, 0.0f)).isEmpty(); // ... and it ends as a cough: no turn
        feed(s, 640, 0.9f);
        assertThat(feed(s, 320, 0.1f)).isEmpty(); // a pause
        feed(s, 640, 0.9f);
        List<TurnSegmenter.Signal> end = feed(s, 640, 0.1f);
        assertThat(end).hasSize(1);
        int frames = ((TurnSegmenter.Signal.TurnEnded) end.getFirst()).audio().length;
        assertThat(frames).isGreaterThan((640 + 320 + 640) * 16);
    }

    @Test
    void probabilitiesBetweenTheThresholdsNeitherEndNorRestartSilence() {
        TurnSegmenter s = new TurnSegmenter(vad, 16_000, 400, 30_000, 0);
        feed(s, 640, 0.9f);
        feed(s, 224, 0.1f);
        assertThat(feed(s, 160, 0.4f)).isEmpty(); // hovering: counts on as silence, not as speech
        assertThat(feed(s, 64, 0.1f)).hasSize(1);
    }

    @Test
    void aVeryLongTurnEndsAtTheLimitAndPrependedAudioLeadsTheNext() {
        TurnSegmenter s = new TurnSegmenter(vad, 16_000, 400, 1_000, 0);
        List<TurnSegmenter.Signal> out = feed(s, 1_100, 0.9f);
        assertThat(out.getLast()).isInstanceOf(TurnSegmenter.Signal.TurnEnded.class);
        assertThat(((TurnSegmenter.Signal.TurnEnded) out.getLast()).hangoverSamples()).isZero();

        TurnSegmenter t = new TurnSegmenter(vad, 16_000, 400, 30_000, 0);
        feed(t, 320, 0.9f);
        t.prepend(new float[] {0.25f, 0.25f});
        List<TurnSegmenter.Signal> end = feed(t, 640, 0.1f);
        float[] audio = ((TurnSegmenter.Signal.TurnEnded) end.getLast()).audio();
        assertThat(audio[0]).isEqualTo(0.25f);
        assertThat(audio[2]).isEqualTo(0.9f);
    }

    @Test
    void aPauseIsSignalledWithTheAudioTheTurnEndsWithAndSpeechAfterItResumes() {
        TurnSegmenter s = new TurnSegmenter(vad, 16_000, 400, 30_000, 200, 150);
        feed(s, 640, 0.9f);
        assertThat(feed(s, 128, 0.1f)).as("4 frames: 128 ms, short of the 150 ms pause").isEmpty();
        List<TurnSegmenter.Signal> pause = feed(s, 32, 0.1f);
        assertThat(pause).singleElement().isInstanceOf(TurnSegmenter.Signal.Paused.class);
        assertThat(feed(s, 64, 0.1f)).as("once per pause").isEmpty();
        assertThat(feed(s, 32, 0.9f)).containsExactly(new TurnSegmenter.Signal.Resumed());
        feed(s, 288, 0.9f);

        List<TurnSegmenter.Signal> again = feed(s, 160, 0.1f);
        TurnSegmenter.Signal.Paused paused = (TurnSegmenter.Signal.Paused) again.getLast();
        assertThat(paused.silenceSamples()).isEqualTo(5 * FRAME);
        List<TurnSegmenter.Signal> end = feed(s, 256, 0.1f);
        TurnSegmenter.Signal.TurnEnded ended = (TurnSegmenter.Signal.TurnEnded) end.getLast();
        assertThat(paused.audio()).as("the guess hears exactly what the turn ends with").isEqualTo(ended.audio());
        assertThat(ended.audio().length).isGreaterThan((640 + 224 + 320) * 16);
    }

    @Test
    void noPauseIsSignalledWhenSpeculationIsOffOrNotShorterThanTheEndSilence() {
        for (int pauseMs : new int[] {0, 400, 600}) {
            TurnSegmenter s = new TurnSegmenter(vad, 16_000, 400, 30_000, 200, pauseMs);
            feed(s, 640, 0.9f);
            assertThat(feed(s, 640, 0.1f)).singleElement().isInstanceOf(TurnSegmenter.Signal.TurnEnded.class);
        }
    }
}
