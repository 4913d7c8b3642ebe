package dev.vtubermiku.server.training;

import dev.vtubermiku.core.training.ClipQuality;
import dev.vtubermiku.protocol.VoiceClip;
import dev.vtubermiku.protocol.VoiceClipPage;
import dev.vtubermiku.protocol.VoiceClipUpdate;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.VoiceClipRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reviewing clips: list with filters, edit transcript / emotion / included, delete, and their audio. */
public final class VoiceClips {

    private static final Logger log = LoggerFactory.getLogger(VoiceClips.class);

    private final Database database;
    private final VoiceFolders folders;

    public VoiceClips(Database database, VoiceFolders folders) {
        this.database = database;
        this.folders = folders;
    }

    public VoiceClipPage list(@Nullable String speaker, @Nullable String grade, @Nullable Boolean included,
            @Nullable String uploadId, @Nullable Boolean needsTranscript, long after, int limit) {
        if (grade != null) {
            try {
                ClipQuality.Grade.parse(grade);
            } catch (IllegalArgumentException e) {
                throw new VoiceException(VoiceException.Kind.INVALID, "grade", "must be good, fair or poor");
            }
        }
        List<VoiceClipRow> rows = database.readDao(TrainingDataDao.class).clips(speaker, grade, included, uploadId, needsTranscript, after,
                limit + 1);
        List<VoiceClip> clips = rows.stream().limit(limit).map(VoiceClips::wire).toList();
        return new VoiceClipPage(clips, rows.size() > limit ? clips.getLast().id() : null);
    }

    public VoiceClip get(long id) {
        return wire(row(id));
    }

    public VoiceClip update(long id, VoiceClipUpdate update) {
        VoiceClipRow row = row(id);
        String transcript = update.transcript() == null ? row.transcript() : update.transcript().strip();
        if (transcript != null && transcript.isEmpty()) {
            transcript = null;
        }
        if (transcript != null && transcript.length() > 2000) {
            throw new VoiceException(VoiceException.Kind.INVALID, "transcript", "must be at most 2000 characters");
        }
        String emotion = update.emotion() == null ? row.emotion() : update.emotion().isBlank() ? null : update.emotion().strip();
        if (emotion != null && !emotion.matches("[a-z_]{1,32}")) {
            throw new VoiceException(VoiceException.Kind.INVALID, "emotion", "must be a lower-case word such as neutral or joy");
        }
        boolean included = update.included() == null ? row.included() : update.included();
        database.writeDao(TrainingDataDao.class).update(id, transcript, emotion, included, transcript == null);
        return get(id);
    }

    /** Deletes the clip's row, then its file (a file without a row is never listed; the reverse would be). */
    public void delete(long id) {
        VoiceClipRow row = row(id);
        database.writeDao(TrainingDataDao.class).delete(id);
        VoiceUploads.deleteQuietly(folders.clips().resolve(row.filename()));
        log.info("Deleted clip {} ({})", id, row.filename());
    }

    /** The clip's WAV bytes (decrypted when the store is encrypted). */
    public byte[] audio(long id) {
        VoiceClipRow row = row(id);
        Path file = folders.clips().resolve(row.filename());
        if (!Files.isRegularFile(file)) {
            throw new VoiceException(VoiceException.Kind.NOT_FOUND, "The audio of clip " + id + " is missing.");
        }
        try {
            return folders.files().readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private VoiceClipRow row(long id) {
        return database.readDao(TrainingDataDao.class).clip(id)
                .orElseThrow(() -> new VoiceException(VoiceException.Kind.NOT_FOUND, "There is no clip " + id + "."));
    }

    static VoiceClip wire(VoiceClipRow r) {
        return new VoiceClip(r.id(), r.filename(), r.transcript(), r.duration(), r.speaker(), r.emotion(), r.quality(),
                r.included(), r.needsTranscript(), r.uploadId(), r.sourceStartMs() == null ? null : r.sourceStartMs() / 1000.0,
                r.sourceEndMs() == null ? null : r.sourceEndMs() / 1000.0, r.sampleRate(), r.snrDb(), r.clippingRatio(),
                r.speechRatio(), "/api/voice/clips/" + r.id() + "/audio", r.createdAt());
    }
}
