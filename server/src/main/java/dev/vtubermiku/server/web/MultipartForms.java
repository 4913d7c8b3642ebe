package dev.vtubermiku.server.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.util.List;
import java.util.Locale;

/**
 * Parses a multipart body once, turning every way it can be broken (no boundary, a cut body, a
 * part header with NUL, a raw quote or CR/LF in a file name, a header too long) into a 400 instead
 * of the parser's exception. Upload routes call {@link #files} before anything else reads the form;
 * Javalin keeps the parsed parts, so later {@code formParam} and {@code uploadedFiles} calls reuse them.
 */
final class MultipartForms {

    private MultipartForms() {}

    /** Every file part of the form; the parse errors are 400 (413 when a part is over the size limit). */
    static List<UploadedFile> files(Context ctx) {
        try {
            return ctx.uploadedFiles();
        } catch (Exception e) { // Jetty throws IOException, IllegalStateException and ServletException, some sneakily
            String reason = rootMessage(e);
            if (reason.toLowerCase(Locale.ROOT).contains("exceeds max")) {
                throw new ProblemException(413, Problems.type("payload-too-large"), "Content too large",
                        "A part of the upload is larger than accepted (UPLOAD_MAX_MB).", null);
            }
            throw new ProblemException(400, Problems.type("invalid-multipart"), "Malformed multipart body",
                    "The multipart/form-data body cannot be read: " + reason
                            + ". Send each file as a part with Content-Disposition: form-data; name=\"file\"; filename=\"…\".",
                    null);
        }
    }

    /** The form's files under one field name; call {@link #files} first. */
    static List<UploadedFile> files(Context ctx, String field) {
        files(ctx);
        return ctx.uploadedFiles(field);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // The parser's message may quote the offending bytes; keep it short and printable.
        String printable = message.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "…" : printable;
    }
}
