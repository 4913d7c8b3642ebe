package dev.vtubermiku.speech;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures (../shared/fixtures); tests that need them skip with the reason when absent. */
public final class Fixtures {

    private Fixtures() {}

    public static Path dir() {
        String root = System.getProperty("vtuber.repo.root", ".");
        return Path.of(root).toAbsolutePath().normalize().resolveSibling("shared").resolve("fixtures");
    }

    /** A fixture file, or the test is skipped saying which file is missing. */
    public static Path require(String relative) {
        Path file = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "fixture " + file + " is absent (../shared/fixtures is not checked out here)");
        return file;
    }
}
