package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.voice.SentenceChunker;
import dev.vtubermiku.speech.audio.Mp3Stream;
import dev.vtubermiku.speech.audio.Resampler;
import dev.vtubermiku.speech.audio.TimeStretch;
import dev.vtubermiku.speech.audio.WavCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A long text spoken as a stream: cut into pieces by the voice loop's {@link SentenceChunker} (the
 * first piece short, at a clause), each piece synthesised in turn and written as soon as it is
 * made, so the first audio does not wait for the whole text. At most {@link #AHEAD} pieces are queued
 * while one is written: a slow or vanished listener never fills the speech queue.
 */
public final class StreamedSpeech {

    /** Pieces synthesised ahead of the one being written. */
    static final int AHEAD = 2;
    /** The voice loop's longest piece (a sentence without an end is cut at a space here). */
    static final int MAX_CHUNK_CHARS = 240;
    private static final long PIECE_TIMEOUT_SECONDS = 120;
    /** How much text the chunker reads at a time. */
    private static final int SLICE_CHARS = 64;
    private static final int MP3_KBPS = 64;

    /** The encodings offered; the WAV is streamed, so its sizes say "unknown" (0xFFFFFFFF), as OpenAI's do. */
    public enum Format {
        WAV("audio/wav"),
        /** OpenAI's {@code pcm}: 24 kHz signed 16-bit little-endian mono, no header. */
        PCM("audio/pcm"),
        /** Constant 64 kbps mono at the voice's rate, frames written as LAME makes them. */
        MP3("audio/mpeg");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    /** Opens the response once the first audio exists: headers may still be set until then. */
    @FunctionalInterface
    public interface Opener {
        OutputStream open(int sampleRate) throws IOException;
    }

    private final TextToSpeech tts;

    public StreamedSpeech(TextToSpeech tts) {
        this.tts = tts;
    }

    /**
     * The pieces a text is spoken in, cut as they are asked for: the chunker reads the text a slice
     * at a time, so the first piece of a long text is ready as soon as that of a short one.
     */
    public static Iterator<String> pieces(String text, int firstChunkChars) {
        SentenceChunker chunker = new SentenceChunker(firstChunkChars, Math.max(firstChunkChars, MAX_CHUNK_CHARS));
        return new Iterator<>() {
            private final Deque<String> ready = new ArrayDeque<>();
            private int read;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && read <= text.length()) {
                    if (read == text.length()) {
                        ready.addAll(chunker.finish());
                        read++;
                    } else {
                        int end = Math.min(text.length(), read + SLICE_CHARS);
                        ready.addAll(chunker.feed(text.substring(read, end)));
                        read = end;
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    /**
     * Speaks the pieces; a failure of the first piece is thrown before anything is opened (so it
     * can still become an error response), a later one ends the stream early.
     *
     * @return the samples written (at the output rate)
     * @throws IOException when the listener went away
     */
    public long stream(Iterator<String> next, @Nullable String voice, Format format, double speed, Opener opener)
            throws IOException, TimeoutException {
        Deque<CompletableFuture<SpokenAudio>> queued = new ArrayDeque<>();
        OutputStream out = null;
        Mp3Stream mp3 = null;
        long written = 0;
        try {
            // The first piece alone, and written before more are queued: nothing competes with it for
            // the CPU, so the first audio of a long text comes as soon as that of a short one.
            if (next.hasNext()) {
                queued.add(tts.synthesize(next.next(), voice));
            }
            while (!queued.isEmpty()) {
                SpokenAudio audio = await(queued.removeFirst(), PIECE_TIMEOUT_SECONDS * 1000);
                if (out != null) {
                    topUp(queued, next, voice);
                }
                short[] samples = speed == 1.0 ? audio.samples() : TimeStretch.apply(audio.samples(), audio.sampleRate(), speed);
                int rate = audio.sampleRate();
                if (format == Format.PCM && rate != RemoteSpeechClient.PCM_RATE) {
                    samples = WavCodec.toPcm16(new Resampler(rate, RemoteSpeechClient.PCM_RATE).process(floats(samples)));
                    rate = RemoteSpeechClient.PCM_RATE;
                }
                if (out == null) {
                    out = opener.open(rate);
                    if (format == Format.WAV) {
                        out.write(streamedWavHeader(rate));
                    } else if (format == Format.MP3) {
                        mp3 = new Mp3Stream(rate, MP3_KBPS, out);
                    }
                }
                if (mp3 != null) {
                    mp3.write(samples);
                } else {
                    out.write(littleEndian(samples));
                }
                out.flush();
                written += samples.length;
                topUp(queued, next, voice);
            }
            if (mp3 != null) {
                mp3.finish();
                out.flush();
            }
            return written;
        } finally {
            queued.forEach(f -> f.cancel(false));
        }
    }

    private void topUp(Deque<CompletableFuture<SpokenAudio>> queued, Iterator<String> next, @Nullable String voice) {
        while (queued.size() < AHEAD && next.hasNext()) {
            queued.add(tts.synthesize(next.next(), voice));
        }
    }

    /** The piece's audio, its failure rethrown as it was (an unknown voice, no model, blank text). */
    static SpokenAudio await(CompletableFuture<SpokenAudio> piece, long millis) throws TimeoutException {
        try {
            return piece.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("speech synthesis failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while speaking", e);
        }
    }

    /** A 16-bit mono WAV header whose RIFF and data sizes say "until the stream ends". */
    static byte[] streamedWavHeader(int sampleRate) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(-1)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(-1);
        return header.array();
    }

    private static byte[] littleEndian(short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        return bytes.array();
    }

    private static float[] floats(short[] samples) {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = samples[i] / 32768f;
        }
        return out;
    }
}
