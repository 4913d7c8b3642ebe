package dev.vtubermiku.server.models;

import java.nio.file.Path;
import java.util.List;

/**
 * A downloadable model: the name users type, its kind, what it is, and its files (a Piper voice
 * is two: the .onnx and its .onnx.json). {@code isDefault} marks the model the default
 * configuration uses; {@code checksumSource} says where the checksums come from.
 */
public record ModelEntry(String name, ModelKind kind, String description, boolean isDefault, String checksumSource,
        List<CatalogFile> files) {

    public ModelEntry {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + " has no files");
        }
    }

    /** Every file's size added up. */
    public long size() {
        return files.stream().mapToLong(CatalogFile::size).sum();
    }

    /** Where {@code file} is installed below {@code modelsDir}. */
    public Path target(Path modelsDir, CatalogFile file) {
        return modelsDir.resolve(kind.folder()).resolve(file.file());
    }

    /** Where every file is installed, in catalog order. */
    public List<Path> targets(Path modelsDir) {
        return files.stream().map(f -> target(modelsDir, f)).toList();
    }
}
