package dev.vtubermiku.server.models;

import java.nio.file.Path;
import java.util.List;

/**
 * Told when a model has been installed and verified, with its files in catalog order (a Piper
 * voice: the .onnx, then its .onnx.json). This is how an engine loads a pulled model without a
 * restart.
 */
@FunctionalInterface
public interface InstallListener {
    void installed(ModelEntry entry, List<Path> files);
}
