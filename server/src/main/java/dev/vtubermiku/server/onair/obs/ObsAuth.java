package dev.vtubermiku.server.onair.obs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * obs-websocket v5's authentication string (protocol.md, "Creating an authentication string"):
 * {@code base64(sha256(base64(sha256(password + salt)) + challenge))}.
 */
public final class ObsAuth {

    private ObsAuth() {}

    public static String answer(String password, String salt, String challenge) {
        String secret = base64Sha256(password + salt);
        return base64Sha256(secret + challenge);
    }

    private static String base64Sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
