package dev.vtubermiku.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code .env} file: {@code KEY=value} lines, optional {@code export}, quotes and comments.
 * Updates keep every other line and comment as the user wrote it and replace the file atomically.
 */
public final class DotEnvFile {

    // The value keeps its leading blanks: "KEY= # note" is an empty value with a comment, "KEY=#1" is "#1".
    private static final Pattern LINE =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)$");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s#");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s*|\\s+#.*");

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
            Set<String> written = new HashSet<>();
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                String key = m.matches() && !line.trim().startsWith("#") ? m.group(1) : null;
                if (key == null || !changes.containsKey(key)) {
                    out.add(line);
                } else if (written.add(key)) {
                    String value = changes.get(key);
                    if (value != null) {
                        out.add(key + "=" + quote(value));
                    }
                }
                // else: a repeated line of a changed key is dropped, since the last one would win on read
            }
            changes.forEach((key, value) -> {
                if (value != null && !written.contains(key)) {
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

    /**
     * The value of a line: {@code "double"} (with {@code \\ \" \n \r} escapes) or {@code 'single'}
     * (literal) quotes, each optionally followed by a {@code # comment}; else the text before a
     * {@code #} that follows a blank.
     */
    static String unquote(String raw) {
        String v = raw.strip();
        if (!v.isEmpty() && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
            char quote = v.charAt(0);
            int end = quote == '"' ? closingDoubleQuote(v) : v.indexOf('\'', 1);
            if (end > 0 && TRAILING_COMMENT.matcher(v.substring(end + 1)).matches()) {
                String inner = v.substring(1, end);
                return quote == '"' ? unescape(inner) : inner;
            }
        }
        Matcher comment = INLINE_COMMENT.matcher(raw);
        return (comment.find() ? raw.substring(0, comment.start()) : raw).strip();
    }

    private static int closingDoubleQuote(String v) {
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    // One pass: replacing the escapes one kind after another would turn a written "\\n" into a newline.
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                switch (next) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case '"', '\\' -> b.append(next);
                    default -> b.append(c).append(next);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String quote(String value) {
        if (value.matches("[A-Za-z0-9_./:@+,-]*")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                + "\"";
    }
}
