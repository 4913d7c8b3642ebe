package dev.vtubermiku.server.training;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Why a run failed, what to do about it, and the trainer's last words. */
final class RunFailure extends Exception {
    final String hint;
    final List<String> lastLines;
    final @Nullable Integer exitCode;

    RunFailure(String message, String hint, List<String> lastLines) {
        this(message, hint, lastLines, null);
    }

    RunFailure(String message, String hint, List<String> lastLines, @Nullable Integer exitCode) {
        super(message);
        this.hint = hint;
        this.lastLines = lastLines;
        this.exitCode = exitCode;
    }
}
