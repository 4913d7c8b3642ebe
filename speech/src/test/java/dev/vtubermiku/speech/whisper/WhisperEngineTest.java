package dev.vtubermiku.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.EngineStatus.State;
import dev.vtubermiku.speech.Fixtures;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whisper with the fixture models: real loading and inference paths, no weights, so no text. The
 * fixtures make whisper.cpp run its encoder and decoder over the audio and return 0 segments.
 */
class WhisperEngineTest {

    /** Input for tests that need no fixture: a second of silence (a fixture read inside assertThatThrownBy would hide a skip). */
    static final MonoAudio SILENCE = new MonoAudio(new float[16_000], 16_000);

    static MonoAudio jfk() throws Exception {
        return AudioDecoder.decode(Files.readAllBytes(Fixtures.require("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
    }

    @Test
    void theEnglishOnlyModelTranscribesJfkToNothingAndReportsEnglish() throws Exception {
        Path model = Fixtures.require("whisper/for-tests-ggml-tiny.en.bin");
        try (WhisperEngine whisper = new WhisperEngine(() -> model, () -> "./vtuber models pull whisper-tiny.en", 1, 4, EngineListener.NONE)) {
            whisper.refresh();
            assertThat(whisper.status().state()).isEqualTo(State.READY);
            assertThat(whisper.multilingual()).isFalse();
            Transcript t = whisper.transcribe(jfk(), null);
            assertThat(t.text()).isEmpty();
            assertThat(t.segments()).isEmpty();
            assertThat(t.language()).isEqualTo("en");
            assertThat(t.duration()).isBetween(10.9, 11.1);
        }
    }

    @Test
    void aLiveTranscriptionWithAShorterEncoderContextRunsOnTheRealEngine() throws Exception {
        Path model = Fixtures.require("whisper/for-tests-ggml-tiny.en.bin");
        try (WhisperEngine whisper = new WhisperEngine(() -> model, () -> "pull", 2, 4, () -> 256, EngineListener.NONE)) {
            whisper.refresh();
            Transcript t = whisper.transcribeLive(jfk(), null);
            assertThat(t.language()).isEqualTo("en");
            assertThat(t.duration()).isBetween(10.9, 11.1);
        }
    }

    @Test
    void theEncoderContextCoversTheAudioAndNeverExceedsWhispersWindow() {
        assertThat(WhisperEngine.audioContext(0, 16_000 * 3)).as("off").isZero();
        assertThat(WhisperEngine.audioContext(256, 16_000 * 2)).as("2 s: the least asked for").isEqualTo(256);
        assertThat(WhisperEngine.audioContext(256, 16_000 * 20)).as("20 s: 1000 frames and a second").isEqualTo(1_050);
        assertThat(WhisperEngine.audioContext(256, 16_000 * 40)).as("longer than the window: all of it").isEqualTo(1_500);
    }

    @Test
    void theMultilingualModelSaysSoAndReportsTheLanguageWhisperDetected() throws Exception {
        Path model = Fixtures.require("whisper/for-tests-ggml-tiny.bin");
        try (WhisperEngine whisper = new WhisperEngine(() -> model, () -> "./vtuber models pull whisper-tiny", 1, 4, EngineListener.NONE)) {
            whisper.refresh();
            assertThat(whisper.multilingual()).isTrue();
            Transcript detected = whisper.transcribe(jfk(), null);
            // Without weights the detection is arbitrary, but it is whisper.cpp's, read from its log line.
            assertThat(detected.language()).matches("[a-z]{2,3}").isNotEqualTo("und");
            assertThat(whisper.transcribe(jfk(), "de").language()).isEqualTo("de");
            assertThatThrownBy(() -> whisper.transcribe(jfk(), "klingon")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void audioAtAnotherRateIsResampledTo16Kilohertz() throws Exception {
        Path model = Fixtures.require("whisper/for-tests-ggml-tiny.en.bin");
        try (WhisperEngine whisper = new WhisperEngine(() -> model, () -> "pull", 1, 4, EngineListener.NONE)) {
            MonoAudio at48k = new MonoAudio(new float[48_000 * 2], 48_000);
            assertThat(WhisperEngine.prepare(at48k)).hasSize(32_000);
            assertThat(whisper.transcribe(at48k, null).duration()).isEqualTo(2.0);
        }
    }

    @Test
    void concurrentTranscriptionsShareOneContextThroughAPoolOfStates() throws Exception {
        Path model = Fixtures.require("whisper/for-tests-ggml-tiny.en.bin");
        MonoAudio audio = jfk();
        try (WhisperEngine whisper = new WhisperEngine(() -> model, () -> "pull", 2, 64, EngineListener.NONE);
                var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Transcript>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(callers.submit(() -> whisper.transcribe(audio, null)));
            }
            for (Future<Transcript> f : all) {
                assertThat(f.get().language()).isEqualTo("en");
            }
        }
    }

    @Test
    void aMissingModelIsUnavailableWithThePullCommandAndAppearsWithoutARestart(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("ggml-tiny.en.bin");
        List<String> loaded = new ArrayList<>();
        EngineListener listener = new EngineListener() {
            @Override
            public void loaded(String engine, String model, long millis) {
                loaded.add(engine + " " + model);
            }

            @Override
            public void failed(String engine, String model, String error, String fix) {}
        };
        try (WhisperEngine whisper = new WhisperEngine(() -> target, () -> "./vtuber models pull whisper-tiny.en", 1, 4, listener)) {
            whisper.refresh();
            assertThat(whisper.status().state()).isEqualTo(State.MISSING);
            assertThat(whisper.status().fix()).isEqualTo("no Whisper model: run ./vtuber models pull whisper-tiny.en");
            assertThatThrownBy(() -> whisper.transcribe(SILENCE, null)).isInstanceOf(SpeechUnavailableException.class)
                    .satisfies(e -> assertThat(((SpeechUnavailableException) e).fix()).contains("./vtuber models pull whisper-tiny.en"));
            Files.copy(Fixtures.require("whisper/for-tests-ggml-tiny.en.bin"), target);
            assertThat(whisper.transcribe(jfk(), null).language()).isEqualTo("en"); // loaded on demand
            assertThat(loaded).containsExactly("stt ggml-tiny.en.bin");
        }
    }

    @Test
    void aDamagedModelFailsWithAFixAndIsNotRetriedUntilItChanges(@TempDir Path dir) throws Exception {
        Path target = Files.writeString(dir.resolve("ggml-base.bin"), "definitely not ggml");
        try (WhisperEngine whisper = new WhisperEngine(() -> target, () -> "./vtuber models pull whisper-base", 1, 4, EngineListener.NONE)) {
            whisper.refresh();
            assertThat(whisper.status().state()).isEqualTo(State.FAILED);
            assertThat(whisper.status().fix()).contains("./vtuber models pull whisper-base");
            assertThatThrownBy(() -> whisper.transcribe(SILENCE, null)).isInstanceOf(SpeechUnavailableException.class);
        }
    }
}
