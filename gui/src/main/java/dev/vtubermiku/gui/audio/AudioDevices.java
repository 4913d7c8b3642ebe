package dev.vtubermiku.gui.audio;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.jspecify.annotations.Nullable;

/** The sound devices javax.sound.sampled sees: outputs that can play and inputs that can record. */
public final class AudioDevices {

    /** 16 kHz mono 16-bit: what Whisper wants, so no resampling on the way to /api/stt. */
    public static final AudioFormat CAPTURE_FORMAT = new AudioFormat(16_000f, 16, 1, true, false);

    private AudioDevices() {}

    /** Mixers that offer a playback line; the first entry of the list is the system default. */
    public static List<String> outputs() {
        return names(new Line.Info(SourceDataLine.class));
    }

    /** Mixers that can record in {@link #CAPTURE_FORMAT}. */
    public static List<String> inputs() {
        return names(new DataLine.Info(TargetDataLine.class, CAPTURE_FORMAT));
    }

    private static List<String> names(Line.Info info) {
        List<String> names = new ArrayList<>();
        try {
            for (Mixer.Info m : AudioSystem.getMixerInfo()) {
                try {
                    if (AudioSystem.getMixer(m).isLineSupported(info)) {
                        names.add(m.getName());
                    }
                } catch (RuntimeException e) {
                    // A mixer that fails to answer is not usable; skip it.
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // No sound system at all (headless container): no devices.
        }
        return names;
    }

    static @Nullable Mixer mixer(@Nullable String name) {
        if (name == null) {
            return null;
        }
        for (Mixer.Info m : AudioSystem.getMixerInfo()) {
            if (m.getName().equals(name)) {
                return AudioSystem.getMixer(m);
            }
        }
        return null;
    }
}
