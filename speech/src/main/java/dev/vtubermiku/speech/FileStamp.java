package dev.vtubermiku.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A model file as it is on disk now: the engines reload when the path, size or modification time
 * changes, so a model pulled or replaced while the backend runs is picked up without a restart.
 */
public record FileStamp(Path path, long size, long modified) {

    public static Optional<FileStamp> of(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new FileStamp(path, a.size(), a.lastModifiedTime().toMillis())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
