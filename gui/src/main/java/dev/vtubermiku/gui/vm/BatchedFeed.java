package dev.vtubermiku.gui.vm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A list fed from any thread that the FX thread takes in batches: {@link #add} only queues (cheap,
 * no FX work), {@link #flush()} moves the queue into {@link #items()} in a few list operations, and
 * both keep the newest {@code capacity}, so a burst of thousands of items a second costs the FX
 * thread little and memory stays flat. While {@link #pausedProperty() paused} the list holds still,
 * items keep queueing (the newest {@code capacity} of them), {@link #waitingProperty()} counts them,
 * and resuming flushes.
 */
final class BatchedFeed<T> {

    private final int capacity;
    private final ArrayDeque<T> pending = new ArrayDeque<>(); // guarded by this
    private final ObservableList<T> items = FXCollections.observableArrayList();
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final ReadOnlyLongWrapper waiting = new ReadOnlyLongWrapper(0);

    BatchedFeed(int capacity) {
        this.capacity = capacity;
        paused.addListener((o, was, now) -> {
            if (!now) {
                flush();
            }
        });
    }

    /** Queues one item, from any thread; past capacity the oldest queued one goes. */
    synchronized void add(T item) {
        pending.addLast(item);
        while (pending.size() > capacity) {
            pending.removeFirst();
        }
    }

    /** Moves queued items into the list (on the UI thread, unless paused); returns how many. */
    int flush() {
        List<T> batch;
        synchronized (this) {
            if (paused.get()) {
                waiting.set(pending.size());
                return 0;
            }
            if (pending.isEmpty()) {
                return 0;
            }
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        waiting.set(0);
        int overflow = items.size() + batch.size() - capacity;
        if (overflow <= 0) {
            items.addAll(batch);
        } else if (overflow >= items.size()) {
            items.setAll(batch.subList(Math.max(0, batch.size() - capacity), batch.size()));
        } else {
            items.remove(0, overflow);
            items.addAll(batch);
        }
        return batch.size();
    }

    ObservableList<T> items() {
        return items;
    }

    BooleanProperty pausedProperty() {
        return paused;
    }

    /** Items queued while paused. */
    ReadOnlyLongProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }
}
