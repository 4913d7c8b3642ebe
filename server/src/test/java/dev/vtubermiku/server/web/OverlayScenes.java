package dev.vtubermiku.server.web;

import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.server.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the overlay's browser test and benchmark set up on a backend: an avatar, and her speaking. */
public final class OverlayScenes {

    /** The VRM 1.0 sample checked into the test resources (with its licence beside it). */
    public static final String VRM_SAMPLE = "/avatars/vrm1-expressions-sample.vrm";

    private OverlayScenes() {}

    /**
     * Skips a test of the overlay against a feature another branch of issue 11 builds, while this
     * build lacks it; the test runs wherever the feature is merged.
     */
    public static void assumeBuilt(String className, String feature) {
        boolean built;
        try {
            Class.forName(className, false, OverlayScenes.class.getClassLoader());
            built = true;
        } catch (ClassNotFoundException e) {
            built = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(built, "this build has no " + feature + " (" + className + ")");
    }

    public static byte[] resource(String name) {
        try (InputStream in = OverlayScenes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code PUT /api/characters/{id}/avatar} with one multipart {@code file}. */
    public static HttpResponse<String> putAvatar(TestBackend backend, long characterId, String fileName, byte[] bytes,
            String... headers) {
        String boundary = "----overlay" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return backend.send(backend.request("/api/characters/" + characterId + "/avatar", headers)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /**
     * A chunk of her speech as the speaking path announces it: {@code speech.started} with text,
     * emotion and a 20 ms loudness envelope (speech-like: 0.02 to 0.14), published on the bus;
     * {@code characterId} 0 leaves the speaker out.
     */
    public static void speechStarted(TestBackend backend, long characterId, UUID turn, int chunk, String text, String emotion,
            int durationMs) {
        List<Double> envelope = new ArrayList<>();
        for (int i = 0; i < durationMs / 20; i++) {
            envelope.add(0.08 + 0.06 * Math.sin(i / 3.0));
        }
        Map<String, Object> data = new HashMap<>();
        if (characterId > 0) {
            data.put("character_id", characterId);
        }
        data.put("turn_id", turn.toString());
        data.put("chunk", chunk);
        data.put("text", text);
        data.put("emotion", emotion);
        data.put("sample_rate", 22050);
        data.put("samples", durationMs * 22050 / 1000);
        data.put("duration_ms", durationMs);
        data.put("envelope_ms", 20);
        data.put("envelope", envelope);
        data.put("first_seq", 0);
        data.put("origin", "chat"); // as the speaking path sends them, so the audience's floor watch can read it
        backend.app().bus().publish(EventTypes.SPEECH_STARTED, Severity.DEBUG, "speaks: " + text, data);
    }
}
