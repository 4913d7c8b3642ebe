package dev.vtubermiku.gui;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the backend is: API_HOST, API_PORT and API_TOKEN from the environment, then {@code .env},
 * then the defaults, the same order as the backend reads them. The GUI parses {@code .env} itself
 * because it must not depend on the server module.
 */
public record GuiSettings(String host, int port, @Nullable String token) {

    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)$");

    public static GuiSettings load(Map<String, String> environment, Path dotEnv) {
        Map<String, String> values = new HashMap<>(readDotEnv(dotEnv));
        values.putAll(environment);
        String host = values.getOrDefault("API_HOST", "").isBlank() ? "127.0.0.1" : values.get("API_HOST").strip();
        // A backend bound to every interface is reached on this machine through loopback.
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        int port = 8765;
        String rawPort = values.getOrDefault("API_PORT", "").strip();
        if (!rawPort.isEmpty()) {
            try {
                port = Integer.parseInt(rawPort);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("API_PORT must be a port number, not '" + rawPort + "'", e);
            }
        }
        String token = values.getOrDefault("API_TOKEN", "").strip();
        return new GuiSettings(host, port, token.isEmpty() ? null : token);
    }

    public URI baseUri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port);
    }

    static Map<String, String> readDotEnv(Path file) {
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && !line.strip().startsWith("#")) {
                    values.put(m.group(1), unquote(m.group(2).strip()));
                }
            }
        } catch (IOException e) {
            // An unreadable .env is the backend's to report; the GUI falls back to the defaults.
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        int comment = value.indexOf(" #");
        return comment >= 0 ? value.substring(0, comment).strip() : value;
    }
}
