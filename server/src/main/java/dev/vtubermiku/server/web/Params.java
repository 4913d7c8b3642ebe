package dev.vtubermiku.server.web;

import dev.vtubermiku.core.event.TopicFilter;
import io.javalin.http.Context;

/** Query parameters read strictly: a bad one is a 400 naming it. */
final class Params {

    private Params() {}

    static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min || value > max) {
                throw ProblemException.invalidParam(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.invalidParam(name, "must be a whole number");
        }
    }

    static boolean booleanParam(Context ctx, String name, boolean fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ProblemException.invalidParam(name, "must be true or false");
        };
    }

    static TopicFilter topics(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        try {
            return TopicFilter.parse(raw == null ? "" : raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParam(name, e.getMessage());
        }
    }
}
