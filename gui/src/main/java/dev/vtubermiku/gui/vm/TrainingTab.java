package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the Training tab's panels share: the tab's one message line, whether this backend trains
 * voices at all, and the way every call's outcome reaches the UI thread.
 */
final class TrainingTab {

    final Executor ui;
    final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(true);
    final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    TrainingTab(Executor ui) {
        this.ui = ui;
    }

    /** Runs {@code ok} with the answer; a 404 for a missing route switches the tab to "not available", other errors show. */
    <T> CompletableFuture<Void> call(CompletableFuture<T> work, Consumer<T> ok) {
        return work.handleAsync((value, error) -> {
            if (error == null) {
                ok.accept(value);
            } else if (Tasks.isNotFound(error) && isVoiceApiMissing(error)) {
                available.set(false);
                message.set(TrainingViewModel.NOT_AVAILABLE);
            } else {
                message.set(BackendException.describe(error));
            }
            return null;
        }, ui);
    }

    /**
     * A 404 for a clip or a run that is gone is not the whole API missing: only the backend's
     * answer for a route it does not have ("There is no /api/voice/... here") is.
     */
    private static boolean isVoiceApiMissing(Throwable error) {
        BackendException api = BackendException.of(error);
        return api != null && (api.status() == 405 || api.getMessage().contains("There is no /api/voice"));
    }
}
