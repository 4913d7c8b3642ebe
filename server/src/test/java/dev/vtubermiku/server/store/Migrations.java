package dev.vtubermiku.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;

/** The migrations that ship with the server, read from the class path as Flyway reads them. */
final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__.+\\.sql");

    /** The newest version among {@code db/migration/V*__*.sql}, as Flyway writes it (e.g. "1", "2.1"). */
    static String latestVersion() {
        URL folder = Objects.requireNonNull(Database.class.getClassLoader().getResource("db/migration"));
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> MigrationVersion.fromVersion(m.group(1)))
                    .max(Comparator.naturalOrder())
                    .orElseThrow()
                    .getVersion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Migrations() {}
}
