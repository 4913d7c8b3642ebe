package dev.vtubermiku.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared model fixtures ({@code ../shared/fixtures} beside the repository). Tests that need them
 * are skipped, saying why, on a machine without that folder.
 */
public final class Fixtures {

    private Fixtures() {}

    public static Path dir() {
        String root = System.getProperty("vtuber.repo.root");
        assumeTrue(root != null && !root.isBlank(), "vtuber.repo.root is not set (surefire sets it)");
        Path dir = Path.of(root).resolve("../shared/fixtures").normalize();
        assumeTrue(Files.isRegularFile(dir.resolve("SHA256SUMS")),
                "the shared fixtures are not at " + dir + " (they are not part of the repository)");
        return dir;
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's SHA-256 as its SHA256SUMS publishes it. */
    public static String sha256(String relative) {
        try {
            for (String line : Files.readAllLines(dir().resolve("SHA256SUMS"))) {
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length == 2 && parts[1].equals(relative)) {
                    return parts[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException(relative + " is not in SHA256SUMS");
    }
}
