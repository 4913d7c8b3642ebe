package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.AudienceApi;
import dev.vtubermiku.protocol.AudienceQueueItem;
import dev.vtubermiku.protocol.AudienceQueueView;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.AudienceMessage;
import dev.vtubermiku.protocol.event.AudienceReplied;
import dev.vtubermiku.protocol.event.AudienceSkipped;
import dev.vtubermiku.protocol.event.EventPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Stream tab: the live chat of both platforms (from {@code audience.*} events), the queue with
 * why each message is there (from {@code GET /api/audience/queue}), and the controls. A raid brings
 * hundreds of lines a second: events are buffered off the UI thread and shown in batches by
 * {@link #flush}, the chat keeps the newest {@link #CAPACITY} lines, and the queue is fetched again
 * at most once per flush.
 */
public final class StreamViewModel {

    public static final int CAPACITY = 500;
    /** Lines buffered between two flushes at most; older ones are dropped (the chat is a window, not a log). */
    static final int PENDING_MAX = 2000;

    private final AudienceApi api;
    private final Executor ui;
    private final ObservableList<StreamLine> chat = FXCollections.observableArrayList();
    private final ObservableList<AudienceQueueItem> queue = FXCollections.observableArrayList();
    private final ConcurrentLinkedQueue<StreamLine> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean queueChanged = new AtomicBoolean(true);
    private final AtomicBoolean loading = new AtomicBoolean();
    private final BooleanProperty hold = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public StreamViewModel(AudienceApi api, Executor ui) {
        this.api = api;
        this.ui = ui;
    }

    /** Any thread: an {@code audience.*} event. */
    public void onEvent(EventEnvelope event) {
        StreamLine line = switch (event.type()) {
            case EventTypes.AUDIENCE_MESSAGE -> {
                AudienceMessage m = EventPayload.decode(event.data(), AudienceMessage.class);
                // A filtered line is shown once, by the audience.skipped that follows with its reason.
                yield m.queueId() == null ? null : new StreamLine(m.platform(), m.userName(), m.text(),
                        "queued: " + String.join(", ", m.why()));
            }
            case EventTypes.AUDIENCE_SKIPPED -> {
                AudienceSkipped s = EventPayload.decode(event.data(), AudienceSkipped.class);
                yield new StreamLine(s.platform(), s.userName(), s.text(), "skipped: " + s.reason().replace('_', ' '));
            }
            case EventTypes.AUDIENCE_REPLIED -> {
                AudienceReplied r = EventPayload.decode(event.data(), AudienceReplied.class);
                yield new StreamLine(r.platform(), "→ " + r.userName(), r.reply(), r.spoken() ? "answered aloud" : "answered");
            }
            default -> null;
        };
        queueChanged.set(true);
        if (line == null) {
            return;
        }
        pending.add(line);
        if (pendingCount.incrementAndGet() > PENDING_MAX && pending.poll() != null) {
            pendingCount.decrementAndGet();
        }
    }

    /** UI thread, a few times a second: shows what arrived and fetches the queue when it changed. Returns lines added. */
    public int flush() {
        List<StreamLine> batch = new ArrayList<>();
        StreamLine line;
        while ((line = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            batch.add(line);
        }
        if (!batch.isEmpty()) {
            if (batch.size() >= CAPACITY) {
                chat.setAll(batch.subList(batch.size() - CAPACITY, batch.size()));
            } else {
                int over = chat.size() + batch.size() - CAPACITY;
                if (over > 0) {
                    chat.remove(0, over);
                }
                chat.addAll(batch);
            }
        }
        if (queueChanged.getAndSet(false)) {
            refresh();
        }
        return batch.size();
    }

    /** Fetches the queue now (one request at a time). */
    public void refresh() {
        if (!loading.compareAndSet(false, true)) {
            queueChanged.set(true);
            return;
        }
        Tasks.then(api.queue(), ui, this::show, this::failed).whenComplete((v, e) -> loading.set(false));
    }

    public void answerNow(AudienceQueueItem item) {
        Tasks.then(api.answerNow(item.id()), ui, i -> say("Answering " + i.userName() + " next."), this::failed);
    }

    public void skip(AudienceQueueItem item) {
        Tasks.then(api.skip(item.id()), ui, i -> say("Skipped " + i.userName() + "."), this::failed);
    }

    public void block(AudienceQueueItem item) {
        Tasks.then(api.block(item.user()), ui, r -> say("Blocked " + item.userName() + " (" + r.removed().size()
                + " message(s) taken off the queue)."), this::failed);
    }

    /** The Hold switch: applied by the backend at once. */
    public void hold(boolean on) {
        Tasks.then(api.hold(on), ui, v -> {
            show(v);
            say(on ? "On hold: she answers no viewer." : "She answers viewers again.");
        }, this::failed);
    }

    private void show(AudienceQueueView view) {
        queue.setAll(view.items());
        hold.set(view.hold());
        String what = switch (view.state()) {
            case "ready" -> "ready to answer";
            case "empty" -> "no messages waiting";
            case "hold" -> "on hold";
            case "streamer" -> "waiting: you have the floor";
            case "answering" -> view.answering() == null ? "answering" : "answering " + view.answering().userName();
            case "cooldown" -> "cool-down, " + Math.round(view.cooldownLeftMs() / 1000.0) + " s";
            default -> view.state();
        };
        state.set(view.items().size() + " of " + view.capacity() + " waiting · " + what);
    }

    private void say(String text) {
        message.set(text);
        queueChanged.set(true);
    }

    private void failed(String why) {
        message.set(why);
    }

    public ObservableList<StreamLine> chat() {
        return chat;
    }

    public ObservableList<AudienceQueueItem> queue() {
        return queue;
    }

    /** Mirrors the backend's hold; the view's switch calls {@link #hold(boolean)} when the user flips it. */
    public BooleanProperty holdProperty() {
        return hold;
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
