package dev.vtubermiku.core.training;

import org.jspecify.annotations.Nullable;

/**
 * Where a training run is: queued, preparing (dataset export), training, exporting (ONNX and
 * config), then ready, failed, cancelled or interrupted (the server stopped while it ran). Each
 * state knows where it may go next, so a late message from a dying trainer cannot, say, turn a
 * cancelled run into a failed one.
 */
public sealed interface RunState {

    /** The name in {@code models.status} and on the wire. */
    default String wire() {
        return switch (this) {
            case Queued q -> "queued";
            case Preparing p -> "preparing";
            case Training t -> "training";
            case Exporting e -> "exporting";
            case Ready r -> "ready";
            case Failed f -> "failed";
            case Cancelled c -> "cancelled";
            case Interrupted i -> "interrupted";
        };
    }

    /** Queued, preparing, training or exporting: the run holds the trainer. */
    default boolean active() {
        return switch (this) {
            case Queued q -> true;
            case Preparing p -> true;
            case Training t -> true;
            case Exporting e -> true;
            case Ready r -> false;
            case Failed f -> false;
            case Cancelled c -> false;
            case Interrupted i -> false;
        };
    }

    /** Whether a run in this state may move to {@code next}. */
    default boolean canBecome(RunState next) {
        return switch (this) {
            case Queued q -> next instanceof Preparing || next instanceof Training || ended(next);
            case Preparing p -> next instanceof Training || ended(next);
            case Training t -> next instanceof Training || next instanceof Exporting || ended(next);
            case Exporting e -> ended(next);
            case Ready r -> false;
            // A run that stopped before it was done can be resumed from its last checkpoint.
            case Failed f -> next instanceof Queued;
            case Cancelled c -> next instanceof Queued;
            case Interrupted i -> next instanceof Queued;
        };
    }

    /** {@code next} when allowed, else an exception naming both. */
    default RunState become(RunState next) {
        if (!canBecome(next)) {
            throw new IllegalStateException("a " + wire() + " run cannot become " + next.wire());
        }
        return next;
    }

    private static boolean ended(RunState next) {
        return next instanceof Ready || next instanceof Failed || next instanceof Cancelled || next instanceof Interrupted;
    }

    /** Reads a stored state; failures keep their reason and hint where the store has them. */
    static RunState parse(String wire, @Nullable String reason, @Nullable String hint) {
        return switch (wire) {
            case "queued" -> new Queued();
            case "preparing" -> new Preparing();
            case "training" -> new Training();
            case "exporting" -> new Exporting();
            case "ready" -> new Ready();
            case "failed" -> new Failed(reason == null ? "failed" : reason, hint == null ? "" : hint);
            case "cancelled" -> new Cancelled();
            case "interrupted" -> new Interrupted();
            default -> throw new IllegalArgumentException("unknown run state '" + wire + "'");
        };
    }

    record Queued() implements RunState {}

    record Preparing() implements RunState {}

    record Training() implements RunState {}

    record Exporting() implements RunState {}

    record Ready() implements RunState {}

    /** @param hint what the user can do about it */
    record Failed(String reason, String hint) implements RunState {}

    record Cancelled() implements RunState {}

    record Interrupted() implements RunState {}
}
