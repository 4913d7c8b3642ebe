package dev.vtubermiku.server.web;

import dev.vtubermiku.server.config.ConfigKey;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The security baseline in front of every route: the bearer token (compared in constant time),
 * browser origins (loopback and CORS_ORIGINS only, which also stops cross-site form posts and
 * WebSocket hijacking), and, while bound to loopback, the Host header (which stops DNS rebinding).
 */
final class RequestGuard {

    /** Stands for an Authorization header of another scheme; compared by identity, never equal to a token. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String MALFORMED = new String("not a bearer token");

    private final Optional<byte[]> tokenDigest;
    private final List<String> extraOrigins;
    private final boolean loopbackOnly;

    RequestGuard(Optional<String> token, List<String> extraOrigins, boolean loopbackOnly) {
        this.tokenDigest = token.map(RequestGuard::digest);
        this.extraOrigins = extraOrigins.stream().map(o -> o.replaceAll("/+$", "").toLowerCase(Locale.ROOT)).toList();
        this.loopbackOnly = loopbackOnly;
    }

    /** Runs before every HTTP request. */
    void http(Context ctx) {
        checkHost(ctx.host());
        String origin = ctx.header("Origin");
        if (origin != null) {
            if (!originAllowed(origin)) {
                throw forbidden("Requests from the web origin " + origin + " are not allowed. Add it to CORS_ORIGINS to allow it.");
            }
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
            if (ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null) {
                ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
                ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
                ctx.header("Access-Control-Max-Age", "600");
                ctx.status(204);
                ctx.skipRemainingHandlers();
                return;
            }
        }
        if (needsToken(ctx.path())) {
            checkToken(bearer(ctx.header("Authorization")));
        } else if (isOverlayPage(ctx.path())) {
            // An OBS browser source cannot send headers: the overlay page takes the token as ?token=
            // (its script then sends it as a Bearer header on fetches and as ?token= on /ws).
            String token = ctx.queryParam("token");
            checkToken(token != null ? token : bearer(ctx.header("Authorization")));
        }
    }

    /**
     * The overlay page itself. Its scripts and vendored libraries under {@code /overlay/} are public:
     * the same bytes as in the source tree, no data; everything they read goes through /api and /ws.
     */
    static boolean isOverlayPage(String path) {
        return path.equals("/overlay") || path.equals("/overlay/");
    }

    /** Runs before a WebSocket upgrade; the token may come as {@code ?token=} since browsers cannot set headers. */
    void upgrade(Context ctx) {
        checkHost(ctx.host());
        String origin = ctx.header("Origin");
        if (origin != null && !originAllowed(origin)) {
            throw forbidden("WebSocket connections from the web origin " + origin + " are not allowed. Add it to CORS_ORIGINS to allow it.");
        }
        String token = ctx.queryParam("token");
        checkToken(token != null ? token : bearer(ctx.header("Authorization")));
    }

    /**
     * The API, and its description: with API_TOKEN set the server may be reachable from a network,
     * and /openapi.json and /docs would map its whole attack surface for anyone who asks.
     */
    static boolean needsToken(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/v1/") || path.equals("/v1")
                || path.equals("/openapi.json")
                || path.equals("/docs") || path.startsWith("/docs/") || path.startsWith("/webjars/");
    }

    private void checkToken(@Nullable String presented) {
        if (tokenDigest.isEmpty()) {
            return;
        }
        if (presented == null || !MessageDigest.isEqual(tokenDigest.get(), digest(presented))) {
            throw new ProblemException(401, "about:blank", "Unauthorized",
                    presented == null
                            ? "This server needs a token: send 'Authorization: Bearer <API_TOKEN>' (WebSocket: ?token=)."
                            : presented == MALFORMED
                                    ? "The Authorization header must be 'Bearer <API_TOKEN>'."
                                    : "The token is not valid.",
                    null);
        }
    }

    private void checkHost(@Nullable String hostHeader) {
        if (!loopbackOnly || hostHeader == null) {
            return;
        }
        String host = hostHeader;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end > 0 ? host.substring(0, end + 1) : host;
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (!ConfigKey.isLoopback(host)) {
            throw forbidden("The host name " + host + " is not served here: this server answers on loopback only.");
        }
    }

    boolean originAllowed(String origin) {
        String normalised = origin.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        if (extraOrigins.contains(normalised)) {
            return true;
        }
        try {
            URI uri = new URI(normalised);
            String scheme = uri.getScheme();
            return uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme)) && ConfigKey.isLoopback(uri.getHost());
        } catch (Exception e) {
            return false;
        }
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        // Only the scheme the contract names: a bare token (or Basic, or anything else) is refused,
        // so a token never works in a form that proxies and logs do not know to hide.
        String prefix = "bearer ";
        return authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                ? authorization.substring(prefix.length()).trim()
                : MALFORMED;
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, "about:blank", "Forbidden", detail, null);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
