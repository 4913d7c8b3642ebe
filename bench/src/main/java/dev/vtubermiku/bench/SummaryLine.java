package dev.vtubermiku.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's last line, {@code name: key=value ...}, and its exit status: 0 when every target
 * is met, 1 when one is missed. Scripts read the line; people read what came before it.
 */
final class SummaryLine {

    private final String name;
    private final List<String> pairs = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();

    SummaryLine(String name) {
        this.name = name;
    }

    SummaryLine put(String key, long value) {
        pairs.add(key + "=" + value);
        return this;
    }

    SummaryLine put(String key, double value) {
        pairs.add(key + "=" + String.format(Locale.ROOT, "%.2f", value));
        return this;
    }

    SummaryLine put(String key, String value) {
        pairs.add(key + "=" + value.replace(' ', '_'));
        return this;
    }

    /** Records a target; a missed one makes the exit status 1 and is named in the line. */
    SummaryLine target(String what, boolean met) {
        if (!met) {
            missed.add(what);
        }
        return this;
    }

    boolean met() {
        return missed.isEmpty();
    }

    /** The line itself, with {@code met=true} or {@code met=false missed=a,b}. */
    String line() {
        String verdict = missed.isEmpty() ? "met=true" : "met=false missed=" + String.join(",", missed);
        return name + ": " + String.join(" ", pairs) + (pairs.isEmpty() ? "" : " ") + verdict;
    }

    /** Prints the line last and returns the exit status for it. */
    int print() {
        System.out.println(line());
        return met() ? 0 : 1;
    }
}
