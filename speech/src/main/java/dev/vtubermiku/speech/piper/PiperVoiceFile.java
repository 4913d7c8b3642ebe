package dev.vtubermiku.speech.piper;

import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.speech.FileStamp;
import java.nio.file.Path;

/**
 * A voice and where it lives: the model, its config and, for multi-speaker models, the speaker id.
 *
 * @param stamp the model file as it was when scanned; a changed stamp means the voice must be loaded again
 */
record PiperVoiceFile(VoiceInfo info, Path model, Path config, long speakerId, FileStamp stamp) {

    /** What identifies a loaded native voice: the same file, unchanged, and the same speaker. */
    String loadKey() {
        return model.toAbsolutePath() + "#" + speakerId + "@" + stamp.size() + ":" + stamp.modified();
    }
}
