package dev.vtubermiku.server.training;

import dev.vtubermiku.protocol.VoiceUploadList;
import dev.vtubermiku.protocol.VoiceUploadResponse;
import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.server.store.VoiceUploadRow;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.BadAudioException;
import dev.vtubermiku.speech.audio.AudioFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a streamer's recordings: each is checked by decoding it (never by its name), stored whole
 * under an id the server makes, and recorded in {@code voice_uploads}. Files are judged one by one;
 * a refused file leaves nothing behind and does not stop the others.
 */
public final class VoiceUploads {

    private static final Logger log = LoggerFactory.getLogger(VoiceUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final VoiceFolders folders;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final CharacterCatalog characters;

    public VoiceUploads(Database database, VoiceFolders folders, Supplier<Settings> settings, Clock clock,
            CharacterCatalog characters) {
        this.database = database;
        this.folders = folders;
        this.settings = settings;
        this.clock = clock;
        this.characters = characters;
    }

    /** One file as the client sent it. */
    public record Recording(@Nullable String fileName, byte[] bytes) {}

    /**
     * What became of one file: {@code upload} when it was stored, else {@code error} (a machine
     * code: empty, not_audio, damaged, too_long, too_large, bad_name) and {@code message}.
     */
    public record Outcome(@Nullable String fileName, @Nullable VoiceUploadRow upload, @Nullable String error,
            @Nullable String message) {

        static Outcome refused(@Nullable String fileName, String error, String message) {
            return new Outcome(fileName, null, error, message);
        }

        /** The outcome as the upload answer lists it. */
        public VoiceUploadResponse.File answer() {
            VoiceUploadRow u = upload;
            return u == null ? new VoiceUploadResponse.File(fileName, null, null, null, null, null, null, null, error, message)
                    : new VoiceUploadResponse.File(fileName, u.id(), u.format(), u.duration(), u.sampleRate(), u.channels(),
                            u.speaker(), u.characterId(), null, null);
        }
    }

    /** @throws VoiceException NOT_FOUND when {@code characterId} names no character (then nothing is stored) */
    public List<Outcome> store(List<Recording> recordings, @Nullable String speaker, @Nullable Long characterId) {
        if (characterId != null && characters.find(characterId).isEmpty()) {
            throw new VoiceException(VoiceException.Kind.NOT_FOUND, "character_id", "There is no character with id " + characterId + ".");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Recording r : recordings) {
            outcomes.add(storeOne(r, speaker, characterId));
        }
        return outcomes;
    }

    public Optional<VoiceUploadRow> find(String id) {
        return database.readDao(VoiceUploadDao.class).find(id);
    }

    public List<VoiceUploadRow> list() {
        return database.readDao(VoiceUploadDao.class).list();
    }

    /** The stored recordings, oldest first, as {@code GET /api/voice/uploads} answers. */
    public VoiceUploadList listing() {
        return new VoiceUploadList(list().stream().map(u -> new VoiceUploadList.Upload(u.id(), u.originalName(), u.format(),
                u.sampleRate(), u.channels(), u.duration(), u.sizeBytes(), u.speaker(), u.characterId(), u.createdAt(),
                u.processedAt())).toList());
    }

    public Path file(VoiceUploadRow upload) {
        return folders.uploads().resolve(upload.file());
    }

    private Outcome storeOne(Recording r, @Nullable String speaker, @Nullable Long characterId) {
        String name = r.fileName();
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            return Outcome.refused(name, "bad_name", nameProblem);
        }
        Settings s = settings.get();
        if (r.bytes().length > s.uploadMaxBytes()) {
            return Outcome.refused(name, "too_large", "The file is larger than the " + s.uploadMaxBytes() / (1024 * 1024)
                    + " MB accepted (UPLOAD_MAX_MB).");
        }
        AudioFacts audio;
        try {
            // Decoded to check it, without keeping the samples: processing decodes it again later.
            audio = AudioDecoder.check(r.bytes(), new AudioLimits(2, s.voiceUploadMaxSeconds()));
        } catch (BadAudioException e) {
            String code = switch (e.reason()) {
                case EMPTY -> "empty";
                case NOT_AUDIO -> "not_audio";
                case DAMAGED -> "damaged";
                case OUT_OF_LIMITS -> "too_long";
            };
            String message = e.reason() == BadAudioException.Reason.OUT_OF_LIMITS && !e.getMessage().contains("channel")
                    ? e.getMessage() + " (VOICE_UPLOAD_MAX_SECONDS)" : e.getMessage();
            return Outcome.refused(name, e.reason() == BadAudioException.Reason.OUT_OF_LIMITS && e.getMessage().contains("channel")
                    ? "too_many_channels" : code, message);
        } catch (RuntimeException e) {
            // A decoder library that chokes on a crafted file must not take the request down.
            log.warn("Decoding upload '{}' failed", name, e);
            return Outcome.refused(name, "damaged", "The file could not be decoded: " + e.getMessage());
        }
        if (audio.frames() == 0) {
            return Outcome.refused(name, "empty", "The file holds no audio samples.");
        }
        String id = "up_" + HexFormat.of().formatHex(bytes(8));
        String file = id + "." + audio.format();
        Path target = folders.uploads().resolve(file);
        VoiceUploadRow row = new VoiceUploadRow(id, displayName(name), file, audio.format(), audio.sampleRate(),
                audio.channels(), audio.seconds(), r.bytes().length, blankToNull(speaker), characterId, clock.instant(), null);
        try {
            folders.files().write(target, r.bytes());
        } catch (IOException e) {
            log.warn("Cannot store upload {} as {}", name, target, e);
            return Outcome.refused(name, "storage", "The file could not be stored: " + e.getMessage());
        }
        try {
            database.writeDao(VoiceUploadDao.class).insert(row);
        } catch (RuntimeException e) {
            deleteQuietly(target); // no file without its row
            throw e;
        }
        log.info("Stored voice upload {} ({}, {} s, from {})", id, audio.format(), Math.round(audio.seconds()), row.originalName());
        return new Outcome(name, row, null, null);
    }

    /** Null when the client's file name is acceptable as a label; names that look like paths are refused. */
    static @Nullable String nameProblem(@Nullable String name) {
        if (name == null || name.isBlank()) {
            return null; // a label is optional: the id names the file
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.chars().anyMatch(c -> c < 0x20)
                || name.length() > 255) {
            return "The file name '" + name.replaceAll("\\p{Cntrl}", "?") + "' looks like a path; send a plain file name.";
        }
        return null;
    }

    private static String displayName(@Nullable String name) {
        return name == null || name.isBlank() ? "recording" : name.strip();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Cannot delete {}", path, e);
        }
    }
}
