package dev.vtubermiku.server.training;

import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a dataset in the layout piper1-gpl's trainer reads (docs/TRAINING.md of OHF-Voice/piper1-gpl):
 * {@code metadata.csv} with one {@code file.wav|text} line per clip (UTF-8, {@code |} as delimiter, no
 * header) and the clips in {@code wavs/}, which is passed as {@code --data.audio_dir}.
 */
public final class DatasetExport {

    private DatasetExport() {}

    /** What was written; {@code clips} are those that went in, in order. */
    public record Dataset(Path dir, Path metadata, Path wavs, List<VoiceClipRow> clips, double seconds) {}

    /**
     * Exports {@code clips} (each must have a transcript) from {@code clipsDir} into {@code target}.
     * A clip whose file is gone is left out. The copies are plaintext (the trainer cannot decrypt):
     * the run deletes them when it ends if the store is encrypted.
     */
    public static Dataset export(List<VoiceClipRow> clips, Path clipsDir, AudioFiles files, Path target) throws IOException {
        Path wavs = target.resolve("wavs");
        Files.createDirectories(wavs);
        StringBuilder csv = new StringBuilder();
        List<VoiceClipRow> written = new ArrayList<>();
        double seconds = 0;
        for (VoiceClipRow clip : clips) {
            String text = clip.transcript() == null ? "" : metadataText(clip.transcript());
            Path source = clipsDir.resolve(clip.filename());
            if (text.isEmpty() || !Files.isRegularFile(source)) {
                continue;
            }
            files.copyPlain(source, wavs.resolve(clip.filename()));
            csv.append(clip.filename()).append('|').append(text).append('\n');
            written.add(clip);
            seconds += clip.duration();
        }
        Path metadata = target.resolve("metadata.csv");
        VoiceFolders.writeAtomically(metadata, csv.toString().getBytes(StandardCharsets.UTF_8));
        return new Dataset(target, metadata, wavs, written, seconds);
    }

    /**
     * A transcript as one metadata field: the trainer reads the file with Python's csv module and
     * {@code |} as the delimiter, so a {@code |} or a line break inside the text would split the row;
     * quotes would start a quoted field.
     */
    static String metadataText(String transcript) {
        return transcript.replace('|', ' ').replace('"', '\'').replaceAll("\\s+", " ").strip();
    }
}
