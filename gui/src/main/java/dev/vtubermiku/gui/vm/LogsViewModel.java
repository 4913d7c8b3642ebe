package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.LogEntry;
import dev.vtubermiku.protocol.LogPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The live log. Lines arrive on the event thread into a pending queue and are moved into the list
 * in batches by {@link #flush()} (the view calls it ten times a second on the FX thread), so a
 * burst of thousands of lines a second costs the FX thread a few list operations per frame, not
 * one per line. The list keeps the newest {@link #CAPACITY} lines, so memory stays flat.
 */
public final class LogsViewModel {

    public static final int CAPACITY = 10_000;
    /** Most severe last: a filter level shows itself and everything more severe. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final BackendClient client;
    private final Executor ui;
    private final Object lock = new Object();
    private long highestSeq = -1; // guarded by lock
    private long seenBeforeConnect = -1; // guarded by lock
    private long firstLiveSeq = Long.MAX_VALUE; // guarded by lock
    private final BatchedFeed<LogEntry> feed;
    private final ObservableList<LogEntry> lines;
    private final FilteredList<LogEntry> visible;
    private final ObjectProperty<String> level = new SimpleObjectProperty<>("INFO");
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty autoScroll = new SimpleBooleanProperty(true);
    private final ReadOnlyLongWrapper dropped = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public LogsViewModel(BackendClient client, Executor ui, int capacity) {
        this.client = client;
        this.ui = ui;
        this.feed = new BatchedFeed<>(capacity);
        this.lines = feed.items();
        this.visible = new FilteredList<>(lines, e -> true);
        refilter();
        level.addListener((o, a, b) -> refilter());
        search.addListener((o, a, b) -> refilter());
    }

    /** A {@code log.entry} event, from any thread. */
    public void onEvent(EventEnvelope event) {
        LogEntry entry = entry(event);
        if (entry != null) {
            accept(entry);
        }
    }

    /**
     * One live line, from any thread; cheap (the FX thread is not involved until {@link #flush()}).
     * Live lines are never replayed, so they are never duplicates.
     */
    public void accept(LogEntry entry) {
        synchronized (lock) {
            if (firstLiveSeq == Long.MAX_VALUE) {
                firstLiveSeq = entry.seq();
            }
            enqueue(entry);
        }
    }

    private void enqueue(LogEntry entry) {
        highestSeq = Math.max(highestSeq, entry.seq());
        feed.add(entry);
    }

    /** A new connection begins: the reload that follows fills in what happened while away. */
    public void connected() {
        synchronized (lock) {
            seenBeforeConnect = highestSeq;
            firstLiveSeq = Long.MAX_VALUE;
        }
    }

    /** Moves pending lines into the list; on the UI thread. Returns how many were added. */
    public int flush() {
        return feed.flush();
    }

    /** Loads the backend's recent lines (its in-memory ring), after a (re)connection. */
    public CompletableFuture<Void> refresh() {
        return Tasks.then(client.get("/api/logs?limit=1000", LogPage.class), ui, page -> {
            synchronized (lock) {
                // Lines from before the first live one of this connection, newer than what was shown;
                // a restarted backend counts from zero again, so then all of them.
                boolean restarted = !page.entries().isEmpty() && page.entries().getLast().seq() < seenBeforeConnect;
                long after = restarted ? -1 : seenBeforeConnect;
                for (LogEntry e : page.entries()) {
                    if (e.seq() > after && e.seq() < firstLiveSeq) {
                        enqueue(e);
                    }
                }
            }
            flush();
        }, error -> message.set("Could not load the log: " + error));
    }

    /** The backend dropped live lines because this window was too slow to take them. */
    public void gap(long missed) {
        ui.execute(() -> {
            dropped.set(dropped.get() + missed);
            message.set(dropped.get() + " live lines were dropped by the backend (window too slow)");
        });
    }

    public void clear() {
        lines.clear();
    }

    /** The visible lines as text, one per line, for the clipboard. */
    public String text(List<LogEntry> entries) {
        StringBuilder out = new StringBuilder();
        for (LogEntry e : entries) {
            out.append(format(e)).append('\n');
            if (e.error() != null) {
                out.append(e.error()).append('\n');
            }
        }
        return out.toString();
    }

    public String visibleText() {
        return text(List.copyOf(visible));
    }

    /** Writes the visible lines to {@code file}, off the UI thread. */
    public CompletableFuture<Void> save(Path file) {
        String text = visibleText();
        return CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).handleAsync((v, error) -> {
            message.set(error == null ? "Saved " + visible.size() + " lines to " + file : "Could not save: " + error.getMessage());
            return null;
        }, ui);
    }

    public static String format(LogEntry e) {
        return TIME.format(e.timestamp()) + "  " + String.format(Locale.ROOT, "%-5s", e.level()) + "  "
                + shortLogger(e.logger()) + "  " + e.message();
    }

    private static String shortLogger(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot >= 0 ? logger.substring(dot + 1) : logger;
    }

    private void refilter() {
        int min = Math.max(0, LEVELS.indexOf(level.get() == null ? "TRACE" : level.get()));
        String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        visible.setPredicate(e -> rank(e.level()) >= min && (q.isEmpty() || matches(e, q)));
    }

    private static boolean matches(LogEntry e, String q) {
        return e.message().toLowerCase(Locale.ROOT).contains(q) || e.logger().toLowerCase(Locale.ROOT).contains(q)
                || e.error() != null && e.error().toLowerCase(Locale.ROOT).contains(q);
    }

    private static int rank(String level) {
        int i = LEVELS.indexOf(level.toUpperCase(Locale.ROOT));
        return i < 0 ? LEVELS.indexOf("INFO") : i;
    }

    private static LogEntry entry(EventEnvelope event) {
        var d = event.data();
        try {
            return new LogEntry(((Number) d.getOrDefault("seq", 0)).longValue(),
                    d.get("timestamp") instanceof String t ? Instant.parse(t) : event.timestamp(),
                    String.valueOf(d.getOrDefault("level", "INFO")), String.valueOf(d.getOrDefault("logger", "")),
                    String.valueOf(d.getOrDefault("thread", "")), String.valueOf(d.getOrDefault("message", event.message())),
                    d.get("error") instanceof String s ? s : null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public ObservableList<LogEntry> lines() {
        return lines;
    }

    /** The lines that pass the level filter and the search, in order. */
    public ObservableList<LogEntry> visible() {
        return visible;
    }

    public ObjectProperty<String> levelProperty() {
        return level;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty pausedProperty() {
        return feed.pausedProperty();
    }

    public BooleanProperty autoScrollProperty() {
        return autoScroll;
    }

    /** Lines waiting while paused. */
    public ReadOnlyLongProperty waitingProperty() {
        return feed.waitingProperty();
    }

    public ReadOnlyLongProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
