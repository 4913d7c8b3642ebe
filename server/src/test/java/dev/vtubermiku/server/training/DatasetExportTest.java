package dev.vtubermiku.server.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.store.VoiceClipRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset as piper1-gpl reads it: metadata.csv of file.wav|text, the clips in wavs/. */
class DatasetExportTest {

    @TempDir
    Path dir;

    private static VoiceClipRow clip(long id, String file, String transcript, double seconds) {
        return new VoiceClipRow(id, file, transcript, seconds, "nina", null, "good", Instant.EPOCH, "up_1", id * 1000, id * 1000 + 1500,
                22050, 40.0, 0.0, 1.0, true, transcript == null);
    }

    @Test
    void writesMetadataAndWavsByteForByte() throws Exception {
        Path clips = dir.resolve("clips");
        Files.createDirectories(clips);
        byte[] a = {'R', 'I', 'F', 'F', 1, 2, 3};
        byte[] b = {'R', 'I', 'F', 'F', 4, 5, 6, 7};
        Files.write(clips.resolve("up_1_0.wav"), a);
        Files.write(clips.resolve("up_1_1500.wav"), b);
        Files.write(clips.resolve("up_1_3000.wav"), b);
        List<VoiceClipRow> rows = List.of(
                clip(1, "up_1_0.wav", "Ask not what your country can do for you.", 1.5),
                clip(2, "up_1_1500.wav", "  Ask | what \"you\" can\n do  ", 2.25),
                clip(3, "up_1_3000.wav", null, 1.0),            // no transcript: left out
                clip(4, "up_1_missing.wav", "Gone.", 1.0),      // file gone: left out
                clip(5, "up_1_3000.wav", "Ünïcode — fine.", 1.0));

        DatasetExport.Dataset dataset = DatasetExport.export(rows, clips, dev.vtubermiku.server.store.files.AudioFiles.plain(), dir.resolve("dataset"));

        assertThat(Files.readAllBytes(dir.resolve("dataset/metadata.csv"))).isEqualTo("""
                up_1_0.wav|Ask not what your country can do for you.
                up_1_1500.wav|Ask what 'you' can do
                up_1_3000.wav|Ünïcode — fine.
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(dir.resolve("dataset/wavs/up_1_0.wav")).hasBinaryContent(a);
        assertThat(dir.resolve("dataset/wavs/up_1_1500.wav")).hasBinaryContent(b);
        try (var files = Files.list(dir.resolve("dataset/wavs"))) {
            assertThat(files.count()).isEqualTo(3);
        }
        assertThat(dataset.clips()).extracting(VoiceClipRow::id).containsExactly(1L, 2L, 5L);
        assertThat(dataset.seconds()).isEqualTo(4.75);
        try (var left = Files.list(dir.resolve("dataset"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metadata.csv", "wavs");
        }
    }
}
