package dev.vtubermiku.gui;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.server.App;
import dev.vtubermiku.server.ScriptedTranscripts;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A backend for voice tests: {@link Backends}' plus Silero VAD, and a seam for the next turn's
 * transcript, because the fixture Whisper model has no weights (Whisper still runs for real on
 * every turn; its empty text is replaced once by the scripted one), as the server's VoiceLoopTest does.
 */
public final class VoiceBackends {

    public static final int RATE = 16_000;
    /** The transcript of the turns from now on (until set again); null: the real engine's (empty) text. */
    public static final AtomicReference<@Nullable String> NEXT_TRANSCRIPT = new AtomicReference<>();

    private VoiceBackends() {}

    public static TestBackend start(Path dir, int port) {
        return Backends.start(dir, port, Map.of(
                "VAD_MODEL_PATH", Fixtures.file("vad/silero_vad_v5.onnx").toString(),
                // jfk.wav pauses between phrases: its first 2.3 s are one turn only with a longer silence
                "VOICE_END_SILENCE_MS", "2000"),
                new App.EngineWrappers(real -> new ScriptedTranscripts(real, NEXT_TRANSCRIPT), UnaryOperator.identity()));
    }

    /** jfk.wav as 16 kHz 16-bit samples, what a microphone would hand over. */
    public static short[] jfk() {
        try {
            MonoAudio audio = AudioDecoder.decode(Files.readAllBytes(Fixtures.file("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
            short[] out = new short[audio.samples().length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) Math.round(audio.samples()[i] * 32767);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("jfk.wav is unreadable", e);
        }
    }
}
