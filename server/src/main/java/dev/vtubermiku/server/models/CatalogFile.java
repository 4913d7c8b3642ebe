package dev.vtubermiku.server.models;

import java.net.URI;

/**
 * One file of a model: its name in the kind's folder, where the publisher serves it, its exact
 * size and published checksum.
 */
public record CatalogFile(String file, URI url, long size, Checksum checksum) {

    public CatalogFile {
        if (file.isBlank() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("'" + file + "' is not a plain file name");
        }
        if (size <= 0) {
            throw new IllegalArgumentException(file + ": size must be positive");
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || url.getRawPath() == null) {
            throw new IllegalArgumentException(file + ": '" + url + "' is not an http(s) URL");
        }
    }
}
