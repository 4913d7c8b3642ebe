package dev.vtubermiku.server.character;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pictures imported PNG cards brought, one file per character ({@code character-<id>.png} in
 * the avatars folder), served as her portrait by the avatar routes and put back into her exported
 * card. Deleted with her when she is deleted for good.
 */
final class CardPictures {

    private static final Logger log = LoggerFactory.getLogger(CardPictures.class);

    private final Path folder;

    CardPictures(Path folder) {
        this.folder = folder;
    }

    /** Where her picture is served from; her avatar_url while she shows it. */
    static String url(long id) {
        return "/api/characters/" + id + "/avatar/files/portrait.png"; // served by the avatar routes
    }

    /** Her picture's file, if she has one. */
    Optional<Path> find(long id) {
        Path file = file(id);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Stores her picture, replacing an older one whole (written aside, then moved in). */
    void save(long id, byte[] png) throws IOException {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "avatar-", ".part");
        try {
            Files.write(temp, png);
            Files.move(temp, file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes her picture; a file that cannot be deleted is logged, never thrown. */
    void delete(long id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            log.warn("Could not delete the card picture of character {}: {}", id, e.getMessage());
        }
    }

    private Path file(long id) {
        return folder.resolve("character-" + id + ".png");
    }
}
