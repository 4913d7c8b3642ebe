package dev.vtubermiku.core.event;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A set of topic patterns such as {@code training.*}, {@code chat.token} or {@code *}. {@code *}
 * matches any run of characters, so {@code *.failed} matches {@code training.failed} and
 * {@code model.failed}. An event matches when any pattern does.
 */
public record TopicFilter(List<String> patterns) {

    private static final Pattern VALID = Pattern.compile("[a-z0-9_*]+(\\.[a-z0-9_*]+)*");
    public static final TopicFilter ALL = new TopicFilter(List.of("*"));

    public TopicFilter {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("at least one topic pattern is needed (use \"*\" for all)");
        }
        for (String p : patterns) {
            if (!VALID.matcher(p).matches()) {
                throw new IllegalArgumentException(
                        "invalid topic pattern \"" + p + "\": use lower-case names, dots and *, e.g. training.*");
            }
        }
    }

    /** Parses a comma-separated list ({@code chat.*,training.*}); blank means everything. */
    public static TopicFilter parse(String commaSeparated) {
        if (commaSeparated.isBlank()) {
            return ALL;
        }
        return new TopicFilter(List.of(commaSeparated.trim().split("\\s*,\\s*")));
    }

    public boolean matchesAll() {
        return patterns.contains("*");
    }

    public boolean matches(String type) {
        for (String p : patterns) {
            if (globMatches(p, 0, type, 0)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.stream().collect(Collectors.joining(","));
    }

    private static boolean globMatches(String pattern, int pi, String text, int ti) {
        while (pi < pattern.length()) {
            char c = pattern.charAt(pi);
            if (c == '*') {
                for (int k = ti; k <= text.length(); k++) {
                    if (globMatches(pattern, pi + 1, text, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= text.length() || text.charAt(ti) != c) {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == text.length();
    }
}
