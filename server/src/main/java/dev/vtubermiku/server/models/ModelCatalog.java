package dev.vtubermiku.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The models that can be pulled by name. The built-in one is the resource {@code catalog.json}
 * beside this class; tests build their own from JSON of the same shape.
 */
public final class ModelCatalog {

    private static final String RESOURCE = "catalog.json";

    private final Map<String, ModelEntry> byName = new LinkedHashMap<>();

    public ModelCatalog(List<ModelEntry> entries) {
        for (ModelEntry entry : entries) {
            if (byName.putIfAbsent(key(entry.name()), entry) != null) {
                throw new IllegalArgumentException("the catalog names " + entry.name() + " twice");
            }
        }
    }

    /** The catalog shipped with this build. */
    public static ModelCatalog builtIn(ObjectMapper json) {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the model catalog resource " + RESOURCE + " is missing from the build");
            }
            return parse(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalog", e);
        }
    }

    /** A catalog from JSON: {@code {"models": [{"name", "kind", "description", "default", "checksum_source", "files": [...]}]}}. */
    public static ModelCatalog parse(JsonNode root) {
        List<ModelEntry> entries = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            String name = text(m, "name");
            try {
                List<CatalogFile> files = new ArrayList<>();
                for (JsonNode f : m.path("files")) {
                    files.add(new CatalogFile(text(f, "file"), URI.create(text(f, "url")), f.path("size").asLong(),
                            new Checksum(Checksum.Algorithm.parse(text(f, "algorithm")), text(f, "digest"))));
                }
                entries.add(new ModelEntry(name, ModelKind.parse(text(m, "kind")), text(m, "description"),
                        m.path("default").asBoolean(false), text(m, "checksum_source"), files));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("catalog entry " + name + ": " + e.getMessage(), e);
            }
        }
        return new ModelCatalog(entries);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string in " + node);
        }
        return value.asText();
    }

    public List<ModelEntry> entries() {
        return List.copyOf(byName.values());
    }

    /** The entry of that name; case does not matter ({@code en_us-amy-medium} finds {@code en_US-amy-medium}). */
    public Optional<ModelEntry> find(String name) {
        return Optional.ofNullable(byName.get(key(name)));
    }

    /**
     * Names a user who typed {@code name} probably meant, best first: those within a few typos,
     * and those that contain what was typed ({@code base} suggests {@code whisper-base}).
     */
    public List<String> closeTo(String name, int limit) {
        String typed = key(name);
        record Scored(String name, int score) {}
        List<Scored> scored = new ArrayList<>();
        for (ModelEntry entry : byName.values()) {
            String candidate = key(entry.name());
            int distance = distance(typed, candidate);
            int allowed = Math.max(2, typed.length() / 4);
            if (distance <= allowed) {
                scored.add(new Scored(entry.name(), distance));
            } else if (typed.length() >= 3 && candidate.contains(typed)) {
                scored.add(new Scored(entry.name(), allowed + candidate.length() - typed.length()));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::name))
                .limit(limit)
                .map(Scored::name)
                .toList();
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
