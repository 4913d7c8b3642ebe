package dev.vtubermiku.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies read with a limit that also holds for chunked requests (Javalin checks only the
 * Content-Length header), so a client cannot make us buffer more than a route accepts.
 */
final class Bodies {

    private Bodies() {}

    static byte[] read(Context ctx, long max) throws IOException {
        if (ctx.req().getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            return readAtMost(in, max);
        }
    }

    static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw tooLarge(max);
        }
        return bytes;
    }

    /** A part of known size in one allocation (readAllBytes would grow and copy: twice the memory for a big upload). */
    static byte[] readExactly(InputStream in, long size) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, size)));
        if (in.read() != -1) {
            throw ProblemException.badRequest("An upload part is longer than its stated size.");
        }
        return bytes;
    }

    static ProblemException tooLarge(long max) {
        return new ProblemException(413, Problems.type("payload-too-large"), "Content Too Large",
                "The request body is larger than this endpoint accepts (" + human(max) + ").", null);
    }

    private static String human(long bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }
}
