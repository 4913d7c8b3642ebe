package dev.vtubermiku.bench;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.BadAudioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every benchmark of the speech engines does before it measures. */
final class SpeechSetup {

    private SpeechSetup() {}

    /**
     * Creates {@code java.io.tmpdir} (the engines unpack their native libraries there, and the
     * documented command lines point it at {@code target/bench-tmp}, which a fresh build lacks),
     * prints the machine line, and returns the fixtures' {@code audio/jfk.wav} (11 s of speech) as
     * mono.
     */
    static MonoAudio prepare(Path fixtures) throws IOException, BadAudioException {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        System.out.println("machine: " + Machine.current().describe() + "; load before: " + Machine.loadAverage());
        return AudioDecoder.decode(Files.readAllBytes(fixtures.resolve("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
    }
}
