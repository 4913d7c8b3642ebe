package dev.vtubermiku.server.logging;

import dev.vtubermiku.protocol.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The newest log lines in memory, a fixed number of them, for {@code GET /api/logs}. */
public final class LogRing {

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final LogEntry[] entries;
    private long next;

    public LogRing(int capacity) {
        this.entries = new LogEntry[capacity];
    }

    public synchronized void add(LogEntry entry) {
        entries[(int) (next % entries.length)] = entry;
        next++;
    }

    /** Sequence number for the next line. */
    public synchronized long nextSeq() {
        return next;
    }

    /**
     * The newest {@code limit} lines at {@code minLevel} or above whose message, logger or error
     * contains {@code text} (case-insensitive), oldest first.
     */
    public synchronized List<LogEntry> query(String minLevel, String text, int limit) {
        int min = LEVELS.indexOf(normalise(minLevel));
        String needle = text.toLowerCase(Locale.ROOT);
        List<LogEntry> matches = new ArrayList<>();
        long oldest = Math.max(0, next - entries.length);
        for (long seq = next - 1; seq >= oldest && matches.size() < limit; seq--) {
            LogEntry e = entries[(int) (seq % entries.length)];
            if (LEVELS.indexOf(e.level()) >= min && (needle.isEmpty() || contains(e, needle))) {
                matches.add(e);
            }
        }
        return matches.reversed();
    }

    public static Set<String> levels() {
        return Set.copyOf(LEVELS);
    }

    public static String normalise(String level) {
        String l = level.toUpperCase(Locale.ROOT);
        return l.equals("WARNING") ? "WARN" : l;
    }

    private static boolean contains(LogEntry e, String needle) {
        return e.message().toLowerCase(Locale.ROOT).contains(needle)
                || e.logger().toLowerCase(Locale.ROOT).contains(needle)
                || (e.error() != null && e.error().toLowerCase(Locale.ROOT).contains(needle));
    }
}
