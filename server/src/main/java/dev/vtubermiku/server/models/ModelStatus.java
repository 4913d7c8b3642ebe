package dev.vtubermiku.server.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What is on disk for one catalog entry. */
public record ModelStatus(ModelEntry entry, State state, long installedBytes, List<FileStatus> files) {

    /**
     * missing: nothing there; partial: some bytes or files; installed: every file at its catalog
     * size; verified: and its checksum matched; corrupt: a file has the wrong size.
     */
    public enum State {
        MISSING,
        PARTIAL,
        INSTALLED,
        VERIFIED,
        CORRUPT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One file: where it belongs, its state, and how many of its bytes are there (in .part too). */
    public record FileStatus(CatalogFile file, Path path, State state, long bytes) {}

    static State combine(List<FileStatus> files) {
        if (files.stream().anyMatch(f -> f.state() == State.CORRUPT)) {
            return State.CORRUPT;
        }
        if (files.stream().allMatch(f -> f.state() == State.VERIFIED)) {
            return State.VERIFIED;
        }
        if (files.stream().allMatch(f -> f.state() == State.VERIFIED || f.state() == State.INSTALLED)) {
            return State.INSTALLED;
        }
        if (files.stream().allMatch(f -> f.state() == State.MISSING)) {
            return State.MISSING;
        }
        return State.PARTIAL;
    }
}
