package dev.vtubermiku.core.speech;

import java.util.List;

/** Port: finds where speech is. */
public interface VoiceActivityDetector {

    /** The rate the detector works at (16000); other rates are resampled by {@link #detect}. */
    int sampleRate();

    /** Every speech segment of a finished recording. */
    List<SpeechSegment> detect(MonoAudio audio, VadSettings settings);

    /**
     * A detector for a live stream at {@link #sampleRate()}: feed it frames of any length as they
     * arrive. One stream per session; a stream is used by one thread at a time.
     */
    VadStream open(VadSettings settings);

    /**
     * A bare frame scorer for a live stream, for callers that segment by rules of their own (the
     * voice loop's end-of-turn and barge-in detection). One per stream, one thread at a time.
     */
    SpeechScorer openScorer();

    /** Speech probabilities of fixed-size frames at {@link #sampleRate()}. */
    interface SpeechScorer extends AutoCloseable {

        /** How many samples each frame must have (512 for Silero at 16 kHz). */
        int frameSamples();

        /** The probability (0..1) that the frame is speech; scorers with state expect frames in stream order. */
        float score(float[] frame);

        @Override
        void close();
    }

    /** A live detection session. */
    interface VadStream extends AutoCloseable {

        /** Takes the next samples; returns the segments that ended within them (usually none). */
        List<SpeechSegment> accept(float[] samples);

        /** Whether the stream is inside speech now (a segment has started and not yet ended). */
        boolean inSpeech();

        /** Ends the stream: returns a segment still open at the end, if any. */
        List<SpeechSegment> finish();

        @Override
        void close();
    }
}
