package dev.vtubermiku.server.avatar;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.AvatarInfo;
import dev.vtubermiku.protocol.AvatarInfo.AvatarFile;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.event.AvatarChanged;
import dev.vtubermiku.server.character.Characters;
import dev.vtubermiku.server.store.AvatarDao;
import dev.vtubermiku.server.store.AvatarRow;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her avatar: an upload is checked whole before anything is kept (files are written under fresh
 * names, the row that makes them hers is committed last, and everything written is deleted on any
 * refusal or failure); described for the overlay; served decrypted. Files live flat in
 * {@link AudioFiles#AVATARS}, sealed like her audio when DATA_KEY is set.
 */
public final class Avatars {

    private static final Logger log = LoggerFactory.getLogger(Avatars.class);
    static final int MAX_IMAGE_SIDE = 8192;
    static final String CARD_PICTURE = "portrait.png";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<StoredFile>> FILES = new TypeReference<>() {};
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private final Database database;
    private final Characters characters;
    private final AudioFiles files;
    private final Supplier<Path> dataDir;
    private final EventBus bus;
    private final Clock clock;
    private final ObjectMapper json;
    private final Object lock = new Object();

    /** An uploaded file the web layer holds (in memory or in a temporary file), readable more than once. */
    public interface Upload {
        String fileName();

        long size();

        InputStream open() throws IOException;
    }

    /** A file of hers to send: its type, length and plaintext. */
    public record Served(String mediaType, InputStream content) {}

    /** How an avatar's file is listed in its row. */
    record StoredFile(String name, long bytes, String mediaType) {}

    public Avatars(Database database, Characters characters, AudioFiles files, Supplier<Path> dataDir, EventBus bus,
            Clock clock, ObjectMapper json) {
        this.database = database;
        this.characters = characters;
        this.files = files;
        this.dataDir = dataDir;
        this.bus = bus;
        this.clock = clock;
        this.json = json;
    }

    /** What she looks like now; a 404 (CharacterNotFoundException) for a character that does not exist. */
    public AvatarInfo describe(long id) {
        CharacterInfo c = characters.get(id);
        Optional<AvatarRow> row = database.readDao(AvatarDao.class).find(id);
        if (row.isPresent()) {
            AvatarRow r = row.get();
            List<AvatarFile> list = read(r.files(), FILES).stream()
                    .map(f -> new AvatarFile(f.name(), url(id, f.name()), f.bytes(), f.mediaType())).toList();
            return new AvatarInfo(id, r.kind(), read(r.expressions(), NAMES), list, read(r.expressionMap(), MAP), r.updatedAt());
        }
        AvatarFile picture = characters.avatar(id).flatMap(Avatars::sizeOf)
                .map(bytes -> new AvatarFile(CARD_PICTURE, url(id, CARD_PICTURE), bytes, "image/png"))
                .orElseGet(() -> new AvatarFile(Portrait.FILE_NAME, url(id, Portrait.FILE_NAME),
                        Portrait.svg(c.name()).length, "image/svg+xml"));
        List<String> neutral = List.of("neutral");
        return new AvatarInfo(id, AvatarInfo.PORTRAIT, neutral, List.of(picture),
                ExpressionMaps.defaults(AvatarInfo.PORTRAIT, neutral), null);
    }

    /**
     * Checks {@code upload} and makes it her avatar, replacing the one she had.
     *
     * @throws InvalidAvatarException when it is refused (nothing is kept then)
     */
    public AvatarInfo store(long id, Upload upload, long maxBytes) throws IOException {
        CharacterInfo c = characters.get(id);
        if (upload.size() > maxBytes) {
            throw InvalidAvatarException.tooLarge("The avatar is " + upload.size() / (1024 * 1024) + " MB; at most "
                    + maxBytes / (1024 * 1024) + " MB are accepted (AVATAR_MAX_MB).");
        }
        String kind = kindOf(upload);
        String prefix = "c" + id + "-" + HexFormat.of().formatHex(randomBytes());
        List<Path> written = new ArrayList<>();
        try {
            List<StoredFile> stored = new ArrayList<>();
            List<String> expressions;
            switch (kind) {
                case AvatarInfo.VRM -> {
                    try (InputStream in = upload.open()) {
                        expressions = VrmModel.read(in, upload.size(), json).expressions();
                    }
                    stored.add(copy(prefix, "model.vrm", "model/gltf-binary", upload, written));
                }
                case AvatarInfo.IMAGE -> {
                    ImageHeader header;
                    try (InputStream in = upload.open()) {
                        header = ImageHeader.read(in, "The picture", MAX_IMAGE_SIDE);
                    }
                    stored.add(copy(prefix, "image." + header.format(), header.mediaType(), upload, written));
                    expressions = List.of("neutral");
                }
                default -> {
                    try (InputStream in = upload.open()) {
                        expressions = List.copyOf(SpritePack.read(in, sprite -> {
                            Path target = path(prefix, sprite.fileName());
                            written.add(target);
                            files.write(target, sprite.bytes());
                            stored.add(new StoredFile(sprite.fileName(), sprite.bytes().length, sprite.header().mediaType()));
                        }));
                    }
                    stored.sort(java.util.Comparator.comparing(StoredFile::name)); // in label order, as expressions
                }
            }
            AvatarRow row = new AvatarRow(id, kind, prefix, json.writeValueAsString(stored), json.writeValueAsString(expressions),
                    json.writeValueAsString(ExpressionMaps.defaults(kind, expressions)), clock.instant());
            Optional<AvatarRow> old;
            synchronized (lock) {
                characters.get(id); // still there: the row's foreign key would refuse it otherwise
                old = database.readDao(AvatarDao.class).find(id);
                database.writeDao(AvatarDao.class).put(row);
            }
            written.clear();
            old.ifPresent(o -> deleteFiles(o.filePrefix()));
        } finally {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
        }
        log.info("Character {} has a new avatar ({})", id, kind);
        bus.publish(new AvatarChanged(id, kind), Severity.INFO, c.name() + " has a new avatar (" + kind + ")");
        return describe(id);
    }

    /** Removes her uploaded avatar: she is shown by her portrait again. */
    public AvatarInfo remove(long id) {
        CharacterInfo c = characters.get(id);
        Optional<AvatarRow> old;
        synchronized (lock) {
            old = database.readDao(AvatarDao.class).find(id);
            database.writeDao(AvatarDao.class).delete(id);
        }
        old.ifPresent(o -> deleteFiles(o.filePrefix()));
        if (old.isPresent()) {
            bus.publish(new AvatarChanged(id, AvatarInfo.PORTRAIT), Severity.INFO, c.name() + "'s avatar was removed");
        }
        return describe(id);
    }

    /** Edits which expression shows each emotion. */
    public AvatarInfo remap(long id, Map<String, String> edits) {
        AvatarInfo current = describe(id);
        Map<String, String> map = ExpressionMaps.edit(current.kind(), current.expressions(), current.expressionMap(), edits);
        if (current.kind().equals(AvatarInfo.PORTRAIT)) {
            return current; // one picture: every emotion shows it
        }
        int updated = database.writeDao(AvatarDao.class).updateMap(id, write(map), clock.instant());
        if (updated == 0) {
            throw new InvalidAvatarException(409, "Her avatar changed while the mapping was edited; load it again.");
        }
        bus.publish(new AvatarChanged(id, current.kind()), Severity.INFO, "The expressions of her avatar were remapped");
        return describe(id);
    }

    /** One of her avatar's files, or empty when she has no file of that name. */
    public Optional<Served> file(long id, String name) throws IOException {
        CharacterInfo c = characters.get(id);
        Optional<AvatarRow> row = database.readDao(AvatarDao.class).find(id);
        if (row.isPresent()) {
            for (StoredFile f : read(row.get().files(), FILES)) {
                if (f.name().equals(name)) {
                    return Optional.of(new Served(f.mediaType(), files.open(path(row.get().filePrefix(), name))));
                }
            }
        }
        if (name.equals(CARD_PICTURE)) {
            Optional<Path> picture = characters.avatar(id);
            return picture.isPresent() ? Optional.of(new Served("image/png", Files.newInputStream(picture.get()))) : Optional.empty();
        }
        if (name.equals(Portrait.FILE_NAME)) {
            return Optional.of(new Served("image/svg+xml", new ByteArrayInputStream(Portrait.svg(c.name()))));
        }
        return Optional.empty();
    }

    private String kindOf(Upload upload) throws IOException {
        byte[] head;
        try (InputStream in = upload.open()) {
            head = in.readNBytes(32);
        }
        String name = upload.fileName().toLowerCase(Locale.ROOT);
        boolean gltf = head.length >= 4 && head[0] == 'g' && head[1] == 'l' && head[2] == 'T' && head[3] == 'F';
        if (gltf || name.endsWith(".vrm") || name.endsWith(".glb")) {
            return AvatarInfo.VRM; // checked in full by VrmModel, which names a bad magic
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4 || name.endsWith(".zip")) {
            return AvatarInfo.SPRITES;
        }
        if (ImageHeader.looksLikeImage(head)) {
            return AvatarInfo.IMAGE;
        }
        throw new InvalidAvatarException(415, "An avatar is a VRM model (.vrm), a sprite pack (.zip of <label>.png) "
                + "or a PNG, JPEG or WebP picture; this file is none of them.");
    }

    private StoredFile copy(String prefix, String name, String mediaType, Upload upload, List<Path> written) throws IOException {
        Path target = path(prefix, name);
        written.add(target);
        try (InputStream in = upload.open()) {
            files.write(target, in::transferTo);
        }
        return new StoredFile(name, upload.size(), mediaType);
    }

    private Path path(String prefix, String name) {
        return dataDir.get().resolve(AudioFiles.AVATARS).resolve(prefix + "-" + name);
    }

    /** Deletes the files of a character deleted for good (her avatar row went with her). */
    public void forget(long characterId) {
        deleteFiles("c" + characterId); // every prefix of hers is "c<id>-<random>"
    }

    private void deleteFiles(String prefix) {
        Path dir = dataDir.get().resolve(AudioFiles.AVATARS);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not delete the avatar files {}-*: {}", prefix, e.getMessage());
        }
    }

    private static String url(long id, String name) {
        return "/api/characters/" + id + "/avatar/files/" + name;
    }

    private static Optional<Long> sizeOf(Path p) {
        try {
            return Optional.of(Files.size(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException("the avatars table holds unreadable JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
