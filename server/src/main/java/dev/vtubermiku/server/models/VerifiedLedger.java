package dev.vtubermiku.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which installed files have been checked against their checksum, so that listing models need not
 * read gigabytes: {@code MODELS_DIR/.verified.json} maps each file to the size, modification time
 * and checksum it had when it matched. A file changed since then counts as unverified again. Losing
 * this file loses nothing but that knowledge.
 */
final class VerifiedLedger {

    private static final Logger log = LoggerFactory.getLogger(VerifiedLedger.class);
    static final String FILE = ".verified.json";

    private final ObjectMapper json;

    VerifiedLedger(ObjectMapper json) {
        this.json = json;
    }

    synchronized boolean isVerified(Path modelsDir, Path file, CatalogFile spec) {
        JsonNode entry = read(modelsDir).path(key(modelsDir, file));
        try {
            return entry.path("checksum").asText().equals(spec.checksum().toString())
                    && entry.path("size").asLong(-1) == Files.size(file)
                    && entry.path("modified_ms").asLong(-1) == Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    synchronized void record(Path modelsDir, Path file, CatalogFile spec) {
        ObjectNode all = read(modelsDir);
        try {
            ObjectNode entry = all.putObject(key(modelsDir, file));
            entry.put("checksum", spec.checksum().toString());
            entry.put("size", Files.size(file));
            entry.put("modified_ms", Files.getLastModifiedTime(file).toMillis());
            write(modelsDir, all);
        } catch (IOException e) {
            log.warn("Could not note that {} is verified: {}", file, e.toString());
        }
    }

    synchronized void forget(Path modelsDir, Path file) {
        ObjectNode all = read(modelsDir);
        if (all.remove(key(modelsDir, file)) != null) {
            try {
                write(modelsDir, all);
            } catch (IOException e) {
                log.warn("Could not update {}: {}", modelsDir.resolve(FILE), e.toString());
            }
        }
    }

    private static String key(Path modelsDir, Path file) {
        return modelsDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    private ObjectNode read(Path modelsDir) {
        Path ledger = modelsDir.resolve(FILE);
        if (Files.isRegularFile(ledger)) {
            try {
                if (json.readTree(ledger.toFile()) instanceof ObjectNode node) {
                    return node;
                }
            } catch (IOException e) {
                log.warn("Ignoring unreadable {}: {}", ledger, e.toString());
            }
        }
        return json.createObjectNode();
    }

    /** Written to a temporary file and renamed over the old one, so a reader never sees half of it. */
    private void write(Path modelsDir, ObjectNode all) throws IOException {
        Files.createDirectories(modelsDir);
        Path temp = Files.createTempFile(modelsDir, ".verified", ".tmp");
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), all);
            Files.move(temp, modelsDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
