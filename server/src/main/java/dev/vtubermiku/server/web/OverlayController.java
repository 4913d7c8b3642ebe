package dev.vtubermiku.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /overlay}: the OBS browser source (her avatar, captions and voice), and its scripts and
 * vendored libraries under {@code /overlay/…}, all served from the jar's {@code overlay/} folder. No
 * build step and nothing from the internet: three.js and three-vrm are vendored (scripts/vendor-overlay.sh).
 */
final class OverlayController {

    private static final String ROOT = "overlay/";
    /** Relative names only: no "..", no leading dot, no backslash, no empty segment. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The page; the guard has checked its token ({@code ?token=}, since OBS cannot send headers). */
    void page(Context ctx) {
        serve(ctx, "index.html");
    }

    /** A script or vendored library of the page. */
    void asset(Context ctx) {
        serve(ctx, ctx.pathParam("path"));
    }

    private void serve(Context ctx, String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        byte[] body = type != null && SAFE.matcher(name).matches() ? read(name) : null;
        if (body == null) {
            throw new ProblemException(404, "about:blank", "Not Found", "The overlay has no file " + quoted(name) + ".", null);
        }
        ctx.contentType(type);
        // The page carries the token in its address: it must not be kept by a shared cache or sent on.
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.result(body);
    }

    private byte @Nullable [] read(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = OverlayController.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(name, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "…" : name;
        return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
