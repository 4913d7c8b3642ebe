package dev.vtubermiku.server.models;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** A published checksum of a file, with the algorithm its publisher used. */
public record Checksum(Algorithm algorithm, String hex) {

    /** The algorithms publishers use for our models; SHA-256 where there is a choice. */
    public enum Algorithm {
        SHA256("SHA-256", 64),
        SHA1("SHA-1", 40),
        MD5("MD5", 32);

        private final String jcaName;
        private final int hexLength;

        Algorithm(String jcaName, int hexLength) {
            this.jcaName = jcaName;
            this.hexLength = hexLength;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jcaName + " is required of every JDK", e);
            }
        }

        static Algorithm parse(String value) {
            for (Algorithm a : values()) {
                if (a.wire().equals(value)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown checksum algorithm '" + value + "' (sha256, sha1 or md5)");
        }
    }

    public Checksum {
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.hexLength || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + hex + "' is not a " + algorithm.wire() + " digest");
        }
    }

    /** True when the finished digest is this checksum. */
    public boolean matches(byte[] digest) {
        return HexFormat.of().formatHex(digest).equals(hex);
    }

    @Override
    public String toString() {
        return algorithm.wire() + ":" + hex;
    }
}
