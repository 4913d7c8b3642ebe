package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.VoiceProcessEstimate;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Training tab's line on how long processing will take, before it starts: an hour of
 * recordings and the uploads waiting, as the backend measured its own throughput. A backend without
 * the estimate shows no line.
 */
public final class ProcessingEstimateModel {

    static final String ESTIMATE = "/api/voice/estimate";

    private final BackendClient client;
    private final Executor ui;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    public ProcessingEstimateModel(BackendClient client, Executor ui) {
        this.client = client;
        this.ui = ui;
    }

    /** Asks the backend again (after an upload, after processing); a failure leaves the line empty. */
    public CompletableFuture<Void> refresh() {
        return client.get(ESTIMATE, VoiceProcessEstimate.class)
                .thenAcceptAsync(e -> text.set(describe(e)), ui)
                .exceptionallyAsync(error -> {
                    text.set("");
                    return null;
                }, ui);
    }

    /** Read on the UI thread. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    static String describe(VoiceProcessEstimate e) {
        String waiting = e.pendingAudioSeconds() > 0 ? duration(e.pendingAudioSeconds()) + " of recordings waiting" : "";
        if (e.secondsPerHour() == null || e.realtimeFactor() == null) {
            return "Expected processing time: measured on this machine once the first upload is processed"
                    + (waiting.isEmpty() ? "." : " (" + waiting + ").");
        }
        String line = String.format(Locale.ROOT, "Expected processing time: about %s per hour of recordings (%.0f× real time on this machine)",
                duration(e.secondsPerHour()), e.realtimeFactor());
        if (!waiting.isEmpty() && e.pendingSeconds() != null) {
            line += "; " + waiting + ": about " + duration(e.pendingSeconds());
        }
        return line + ".";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h " + (s % 3600) / 60 + " min";
    }
}
