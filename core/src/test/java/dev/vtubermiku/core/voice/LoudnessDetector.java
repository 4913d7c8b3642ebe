package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechSegment;
import dev.vtubermiku.core.speech.VadSettings;
import dev.vtubermiku.core.speech.VoiceActivityDetector;
import java.util.List;

/**
 * Silero for tests: a 512-sample frame is speech (0.9) when its RMS is at least 0.02, silence
 * (0.02) otherwise. Loud is speech, whoever speaks: telling her voice from the streamer's is the
 * echo gate's job, not the detector's.
 */
final class LoudnessDetector implements VoiceActivityDetector {

    static final int FRAME = 512;

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public List<SpeechSegment> detect(MonoAudio audio, VadSettings settings) {
        throw new UnsupportedOperationException("the voice loop scores live frames");
    }

    @Override
    public VadStream open(VadSettings settings) {
        throw new UnsupportedOperationException("the voice loop scores live frames");
    }

    @Override
    public SpeechScorer openScorer() {
        return new SpeechScorer() {
            @Override
            public int frameSamples() {
                return FRAME;
            }

            @Override
            public float score(float[] frame) {
                return LoudnessEnvelope.rms(frame, 0, frame.length) >= 0.02 ? 0.9f : 0.02f;
            }

            @Override
            public void close() {}
        };
    }
}
