package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.chat.ReplyVoice.Spoken;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.voice.Utterance;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.speech.audio.Resampler;
import dev.vtubermiku.speech.audio.WavCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spoken chat reply kept: the chunks she said, joined into one WAV file under
 * {@code DATA_DIR/audio/chat}, served at {@code /api/audio/chat/<file>}.
 */
public final class SpokenReplies {

    private static final Logger log = LoggerFactory.getLogger(SpokenReplies.class);
    /** Where reply audio lives, relative to DATA_DIR (what {@code chat_logs.audio_file} holds). */
    public static final String FOLDER = AudioFiles.CHAT;
    /** The names this class gives its files: the only ones the audio route serves. */
    public static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.wav");

    private final Supplier<Path> dataDir;
    private final AudioFiles files;

    public SpokenReplies(Supplier<Path> dataDir, AudioFiles files) {
        this.dataDir = dataDir;
        this.files = files;
    }

    /** Keeps what was made as one WAV (at the first chunk's rate); no audio at all: why not. */
    public Spoken keep(Utterance.Made made) {
        if (made.audio().isEmpty()) {
            return new Spoken.Unavailable(made.error() != null ? made.error() : "the reply has no words to speak");
        }
        String name = UUID.randomUUID() + ".wav";
        Path folder = dataDir.get().resolve(FOLDER);
        try {
            files.write(folder.resolve(name), WavCodec.encode(joined(made)));
        } catch (IOException e) {
            log.warn("Cannot store the spoken reply in {}: {}", folder, e.toString());
            return new Spoken.Unavailable("the audio could not be saved in " + folder + ": " + e.getMessage());
        }
        return new Spoken.Audio(FOLDER + "/" + name, "/api/" + FOLDER + "/" + name);
    }

    /** The chunks back to back; one made with another voice (another rate) is resampled to the first's. */
    static SpokenAudio joined(Utterance.Made made) {
        int rate = made.audio().getFirst().sampleRate();
        short[][] parts = new short[made.audio().size()][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            SpokenAudio a = made.audio().get(i);
            parts[i] = a.sampleRate() == rate ? a.samples() : resampled(a, rate);
            total += parts[i].length;
        }
        short[] all = new short[total];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return new SpokenAudio(all, rate);
    }

    private static short[] resampled(SpokenAudio a, int rate) {
        float[] f = new float[a.samples().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.samples()[i] / 32768f;
        }
        return WavCodec.toPcm16(new Resampler(a.sampleRate(), rate).process(f));
    }
}
