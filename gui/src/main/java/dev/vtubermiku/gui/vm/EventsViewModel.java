package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.BackendException;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventPage;
import dev.vtubermiku.protocol.StatusResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.jspecify.annotations.Nullable;

/**
 * The Events tab: every event the backend publishes, the stored ones from history ({@code GET
 * /api/events}) and then live from {@code /ws}, filtered by type pattern, severity and text, with
 * the payload of the selected one and a jump to every event of its turn or run. Live events wait in
 * a queue that {@link #flush()} moves into the list in batches (the view calls it ten times a
 * second), and the list keeps the newest {@link #CAPACITY}, so a burst of events costs the FX
 * thread little and memory stays flat. Pausing holds the list still while events keep queueing.
 */
public final class EventsViewModel {

    public static final int CAPACITY = 5_000;
    /** Least severe first: a filter severity shows itself and everything more severe. */
    public static final List<String> SEVERITIES = List.of("debug", "info", "warning", "error");
    private static final int HISTORY = 1_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** What the list is narrowed to: the events whose data carries {@code key} = {@code value}. */
    public record Focus(String key, Object value) {
        public String describe() {
            return key.equals("turn_id") ? "turn " + value : key.replace('_', ' ') + " " + value;
        }
    }

    private final BackendClient client;
    private final Executor ui;
    private final ObjectMapper json;
    private final Object lock = new Object();
    private long highestId; // guarded by lock: the newest stored id in the list or queue
    /** Guarded by lock: the stored ids in the list or queue, newest last (history and live overlap in any order). */
    private final java.util.SequencedSet<Long> seen = new java.util.LinkedHashSet<>();
    private final BatchedFeed<EventEnvelope> feed = new BatchedFeed<>(CAPACITY);
    private final ObservableList<EventEnvelope> events = feed.items();
    private final FilteredList<EventEnvelope> visible = new FilteredList<>(events, e -> true);
    private final StringProperty types = new SimpleStringProperty("");
    private final ObjectProperty<String> severity = new SimpleObjectProperty<>("debug");
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<@Nullable EventEnvelope> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<@Nullable Focus> focus = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public EventsViewModel(BackendClient client, Executor ui) {
        this.client = client;
        this.ui = ui;
        this.json = client.json();
        types.addListener((o, a, b) -> refilter());
        severity.addListener((o, a, b) -> refilter());
        search.addListener((o, a, b) -> refilter());
        focus.addListener((o, a, b) -> refilter());
        selected.addListener((o, a, e) -> detail.set(e == null ? "" : describe(e)));
    }

    /** Any event, from the event thread; cheap until {@link #flush()}. */
    public void onEvent(EventEnvelope event) {
        synchronized (lock) {
            Long id = event.id();
            if (id != null) {
                if (!seen.add(id)) {
                    return; // already shown: the history load and the live stream overlap
                }
                while (seen.size() > CAPACITY * 2) {
                    seen.removeFirst(); // long gone from the list (it keeps CAPACITY)
                }
                highestId = Math.max(highestId, id);
            }
            feed.add(event);
        }
    }

    /** Moves queued events into the list (on the UI thread, unless paused); returns how many. */
    public int flush() {
        return feed.flush();
    }

    /**
     * After a (re)connection: the newest stored events the list does not have yet, oldest first (a
     * restarted backend with a new database counts from 1 again, so then its events are all new).
     */
    public CompletableFuture<Void> refresh() {
        long before;
        synchronized (lock) {
            before = highestId; // every id up to here was stored before the status is asked for
        }
        return client.get("/api/status", StatusResponse.class).thenCompose(status -> {
            long last = status.events().lastId();
            long since;
            synchronized (lock) {
                // Compared with what was seen before asking: a live event stored since then is newer than
                // the status and says nothing about the store (it once cleared the list and lost events).
                if (last < before) {
                    highestId = 0; // a different store: start over
                    seen.clear();
                    ui.execute(events::clear);
                }
                since = Math.max(0, last - HISTORY);
            }
            return client.get("/api/events?since=" + since + "&limit=" + HISTORY, EventPage.class);
        }).thenAccept(page -> {
            page.events().forEach(this::onEvent);
            ui.execute(this::flush);
        }).exceptionally(error -> {
            ui.execute(() -> message.set("Could not load the event history: " + BackendException.describe(error)));
            return null;
        });
    }

    /** Narrows the list to the selected event's turn or training run; false when it has neither. */
    public boolean focusOnSelected() {
        EventEnvelope e = selected.get();
        Focus f = e == null ? null : focusOf(e);
        if (f != null) {
            focus.set(f);
        }
        return f != null;
    }

    public void clearFocus() {
        focus.set(null);
    }

    /** The turn or run an event belongs to, if it names one. */
    public static @Nullable Focus focusOf(EventEnvelope e) {
        for (String key : List.of("turn_id", "run_id")) {
            Object value = e.data().get(key);
            if (value != null) {
                return new Focus(key, value);
            }
        }
        return null;
    }

    private void refilter() {
        Predicate<String> type = typeFilter(types.get());
        int least = Math.max(0, SEVERITIES.indexOf(severity.get()));
        String needle = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        Focus f = focus.get();
        visible.setPredicate(e -> type.test(e.type())
                && SEVERITIES.indexOf(e.severity()) >= least
                && (f == null || String.valueOf(f.value()).equals(String.valueOf(e.data().get(f.key()))))
                && (needle.isEmpty() || e.message().toLowerCase(Locale.ROOT).contains(needle)
                        || e.type().contains(needle) || dataText(e.data()).toLowerCase(Locale.ROOT).contains(needle)));
    }

    /** {@code chat.*, training.*}: comma-separated patterns, {@code *} any run of characters; empty: all. */
    static Predicate<String> typeFilter(@Nullable String patterns) {
        List<Pattern> compiled = new ArrayList<>();
        for (String p : (patterns == null ? "" : patterns).split(",")) {
            String t = p.strip();
            if (!t.isEmpty()) {
                compiled.add(Pattern.compile(Pattern.quote(t).replace("*", "\\E.*\\Q")));
            }
        }
        return compiled.isEmpty() ? t -> true : t -> compiled.stream().anyMatch(p -> p.matcher(t).matches());
    }

    private String dataText(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return data.toString();
        }
    }

    /** The envelope as the detail pane shows it: its header, then the payload as indented JSON. */
    public String describe(EventEnvelope e) {
        String payload;
        try {
            payload = json.writerWithDefaultPrettyPrinter().writeValueAsString(e.data());
        } catch (JsonProcessingException ex) {
            payload = e.data().toString();
        }
        return e.type() + "  ·  " + e.severity() + "  ·  " + e.timestamp() + (e.id() == null ? "  ·  live only" : "  ·  id " + e.id())
                + "\n" + e.message() + "\n\n" + payload;
    }

    public static String time(EventEnvelope e) {
        return TIME.format(e.timestamp());
    }

    public ObservableList<EventEnvelope> events() {
        return events;
    }

    public FilteredList<EventEnvelope> visible() {
        return visible;
    }

    public StringProperty typesProperty() {
        return types;
    }

    public ObjectProperty<String> severityProperty() {
        return severity;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty pausedProperty() {
        return feed.pausedProperty();
    }

    public ObjectProperty<@Nullable EventEnvelope> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<@Nullable Focus> focusProperty() {
        return focus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty waitingProperty() {
        return feed.waitingProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
