package dev.vtubermiku.server.training;

import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.ModelDao;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's dataset in its folder: the included clips exported in the trainer's layout and recorded
 * against the run, kept as they were for a resume; with an encrypted store, its plaintext copies
 * live only while the run does.
 */
final class RunDataset {

    private static final Logger log = LoggerFactory.getLogger(RunDataset.class);

    private final Database database;
    private final VoiceFolders folders;

    RunDataset(Database database, VoiceFolders folders) {
        this.database = database;
        this.folders = folders;
    }

    /**
     * With an encrypted store, the decrypted copies the trainer read (dataset/wavs) and its audio
     * cache live only while the run does: they go when it ends (success, failure or cancel).
     */
    void deletePlainClips(Path dir) {
        if (folders.files().key().isEmpty()) {
            return;
        }
        for (Path plain : List.of(dir.resolve("dataset/wavs"), dir.resolve("cache"))) {
            try {
                AudioFiles.deleteTree(plain);
            } catch (IOException e) {
                log.warn("Cannot delete the plaintext training copies in {}: {}", plain, e.toString());
            }
        }
    }

    private void restorePlainClips(Path dataset) throws IOException {
        Path wavs = dataset.resolve("wavs");
        Files.createDirectories(wavs);
        for (String line : Files.readAllLines(dataset.resolve("metadata.csv"), StandardCharsets.UTF_8)) {
            String name = line.split("\\|", 2)[0];
            Path source = folders.clips().resolve(name);
            if (!name.isEmpty() && !name.contains("/") && !Files.exists(wavs.resolve(name)) && Files.isRegularFile(source)) {
                folders.files().copyPlain(source, wavs.resolve(name));
            }
        }
    }

    DatasetExport.Dataset prepare(ActiveRun run, Path dir, boolean resuming) throws IOException {
        Path target = dir.resolve("dataset");
        List<VoiceClipRow> clips = database.readDao(TrainingDataDao.class).trainable(run.params.speaker());
        if (resuming && Files.isRegularFile(target.resolve("metadata.csv"))) {
            // The same dataset as before: the trainer's cache and checkpoint belong to it. Its plaintext
            // clips were deleted when the last attempt ended if the store is encrypted: copy them again.
            restorePlainClips(target);
            return new DatasetExport.Dataset(target, target.resolve("metadata.csv"), target.resolve("wavs"), List.of(), 0);
        }
        DatasetExport.Dataset dataset = DatasetExport.export(clips, folders.clips(), folders.files(), target);
        ModelDao models = database.writeDao(ModelDao.class);
        for (VoiceClipRow clip : dataset.clips()) {
            models.recordClip(run.runId, clip.id(), clip.filename(), clip.transcript() == null ? "" : clip.transcript());
        }
        log.info("Run {}: dataset of {} clip(s), {} s, in {}", run.runId, dataset.clips().size(), Math.round(dataset.seconds()), target);
        return dataset;
    }
}
