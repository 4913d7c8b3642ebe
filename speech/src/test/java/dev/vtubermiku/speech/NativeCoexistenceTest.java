package dev.vtubermiku.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.VadSettings;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.piper.PiperEngine;
import dev.vtubermiku.speech.vad.VadEngine;
import dev.vtubermiku.speech.whisper.WhisperEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * piper-jni bundles its own ONNX Runtime (1.14.1) while Silero runs on the ONNX Runtime Java
 * package (1.23): both must work in one JVM, in either loading order, next to whisper.cpp. This
 * class loads Piper first (the server's other tests load Silero first), then runs all three.
 */
class NativeCoexistenceTest {

    @Test
    void piperThenOnnxRuntimeThenWhisperAllWorkInOneJvm() throws Exception {
        Path voice = Fixtures.require("piper/test_voice.onnx");
        Path vadModel = Fixtures.require("vad/silero_vad_v5.onnx");
        Path whisperModel = Fixtures.require("whisper/for-tests-ggml-tiny.en.bin");
        MonoAudio jfk = AudioDecoder.decode(Files.readAllBytes(Fixtures.require("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
        try (PiperEngine piper = new PiperEngine(voice::getParent, () -> voice, EngineListener.NONE);
                VadEngine vad = new VadEngine(() -> vadModel, EngineListener.NONE);
                WhisperEngine whisper = new WhisperEngine(() -> whisperModel, () -> "pull", 1, 2, EngineListener.NONE)) {
            assertThat(piper.synthesize("Before the VAD.", null).get(60, TimeUnit.SECONDS).samples()).isNotEmpty();
            vad.refresh();
            assertThat(vad.usesModel()).isTrue();
            assertThat(vad.detect(jfk, VadSettings.DEFAULTS)).hasSize(5);
            assertThat(piper.synthesize("After the VAD.", null).get(60, TimeUnit.SECONDS).samples()).isNotEmpty();
            assertThat(whisper.transcribe(jfk, null).language()).isEqualTo("en");
            assertThat(vad.detect(jfk, VadSettings.DEFAULTS)).hasSize(5);
        }
    }
}
