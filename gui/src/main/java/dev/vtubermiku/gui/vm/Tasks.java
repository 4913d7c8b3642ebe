package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Runs the outcome of background work on the UI thread: the value, or a message for the user. */
final class Tasks {

    private Tasks() {}

    static <T> CompletableFuture<Void> then(CompletableFuture<T> work, Executor ui, Consumer<T> ok, Consumer<String> failed) {
        return work.handleAsync((value, error) -> {
            if (error != null) {
                failed.accept(BackendException.describe(error));
            } else {
                ok.accept(value);
            }
            return null;
        }, ui);
    }

    static boolean isNotFound(Throwable error) {
        BackendException api = BackendException.of(error);
        return api != null && (api.status() == 404 || api.status() == 405);
    }
}
