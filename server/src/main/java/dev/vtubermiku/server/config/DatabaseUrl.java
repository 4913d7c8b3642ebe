package dev.vtubermiku.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code sqlite:///relative.db} and {@code sqlite:////absolute.db}, as in the original plan. */
final class DatabaseUrl {

    private static final String PREFIX = "sqlite:///";

    static Optional<Path> parse(String url) {
        if (!url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.substring(PREFIX.length())));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private DatabaseUrl() {}
}
