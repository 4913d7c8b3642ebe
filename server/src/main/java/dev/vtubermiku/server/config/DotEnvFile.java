package dev.vtubermiku.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code .env} file: {@code KEY=value} lines, optional {@code export}, quotes and comments.
 * Updates keep every other line and comment as the user wrote it and replace the file atomically.
 */
public final class DotEnvFile {

    private static final Pattern LINE =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");

    private final Path path;

    public DotEnvFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The file's keys and values; empty when the file does not exist. */
    public Map<String, String> read() {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(path)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && !line.trim().startsWith("#")) {
                    values.put(m.group(1), unquote(m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return values;
    }

    /**
     * Sets keys (a null value removes the key) and writes the file back atomically: a crash leaves
     * either the old file or the new one.
     */
    public synchronized void update(Map<String, @Nullable String> changes) {
        try {
            List<String> lines = Files.isRegularFile(path)
                    ? new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8))
                    : new ArrayList<>();
            Map<String, @Nullable String> pending = new LinkedHashMap<>(changes);
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && !line.trim().startsWith("#") && pending.containsKey(m.group(1))) {
                    String value = pending.remove(m.group(1));
                    if (value != null) {
                        out.add(m.group(1) + "=" + quote(value));
                    }
                } else {
                    out.add(line);
                }
            }
            pending.forEach((key, value) -> {
                if (value != null) {
                    out.add(key + "=" + quote(value));
                }
            });
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".env", ".tmp");
            Files.write(tmp, out, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    static String unquote(String raw) {
        if (raw.length() >= 2) {
            char first = raw.charAt(0);
            char last = raw.charAt(raw.length() - 1);
            if (first == '"' && last == '"') {
                return raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
            }
            if (first == '\'' && last == '\'') {
                return raw.substring(1, raw.length() - 1);
            }
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).trim();
    }

    static String quote(String value) {
        if (value.matches("[A-Za-z0-9_./:@+,-]*")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
