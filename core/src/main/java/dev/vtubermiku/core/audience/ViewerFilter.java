package dev.vtubermiku.core.audience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The filters every viewer message passes before it may be queued: empty, length, blocked user,
 * bot, {@code !command}, link, blocklisted word, per-viewer rate and duplicate spam. Its memory is
 * bounded: the last minute of {@link #TRACKED_USERS} viewers and the last {@link #RECENT_TEXTS}
 * texts. Not thread-safe: its owner serialises calls.
 */
public final class ViewerFilter {

    static final int TRACKED_USERS = 5000;
    static final int RECENT_TEXTS = 500;
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    static final Duration DUPLICATE_WINDOW = Duration.ofSeconds(30);

    private static final Pattern LINK = Pattern.compile(
            "(?:[a-z][a-z0-9+.-]*://|www\\.)\\S+"
                    + "|\\b[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\s?(?:\\.|\\(dot\\)|\\[dot\\])\\s?"
                    + "(?:com|net|org|tv|gg|io|ly|xyz|ru|co|me|link|app|dev|live|info|biz|site|online|shop|store|fun|top|cc|to)\\b");

    private final Map<String, ArrayDeque<Instant>> recentByUser = lru(TRACKED_USERS);
    private final Map<String, String> lastTextByUser = lru(TRACKED_USERS);
    private final Map<String, Instant> recentTexts = lru(RECENT_TEXTS);

    /** What the filters decided; {@code text} is the cleaned message either way. */
    public record Verdict(String text, Optional<SkipReason> skip, String detail) {
        public boolean passed() {
            return skip.isEmpty();
        }
    }

    public Verdict check(ViewerMessage message, AudienceRules rules, Instant now) {
        String text = ViewerText.clean(message.text());
        String folded = ViewerText.fold(text);
        String user = userKey(message);
        if (text.isEmpty()) {
            return skip(text, SkipReason.EMPTY, "nothing left after cleaning");
        }
        if (text.codePointCount(0, text.length()) > rules.maxChars() || message.text().length() > ViewerText.MAX_RAW_CHARS) {
            return skip(text, SkipReason.TOO_LONG, "longer than " + rules.maxChars() + " characters");
        }
        String name = message.userName().strip().toLowerCase(Locale.ROOT);
        if (rules.blockedUsers().contains(name) || rules.blockedUsers().contains(user)) {
            return skip(text, SkipReason.BLOCKED_USER, "the viewer is blocked");
        }
        if (rules.bots().contains(name)) {
            return skip(text, SkipReason.BOT, "a chat bot");
        }
        if (folded.startsWith("!")) {
            return skip(text, SkipReason.COMMAND, "a !command for a bot");
        }
        if (LINK.matcher(folded).find()) {
            return skip(text, SkipReason.LINK, "contains a link");
        }
        Optional<String> word = rules.blocklist().find(text);
        if (word.isPresent()) {
            return skip(text, SkipReason.BLOCKED_WORD, "contains a blocklisted word");
        }
        // Rate and duplicates count only messages that got this far: a blocked line does not use up a viewer's turn.
        ArrayDeque<Instant> times = recentByUser.computeIfAbsent(user, k -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(RATE_WINDOW))) {
            times.pollFirst();
        }
        if (times.size() >= rules.userRate()) {
            return skip(text, SkipReason.RATE_LIMITED, "more than " + rules.userRate() + " messages a minute");
        }
        times.addLast(now);
        String key = folded;
        if (key.equals(lastTextByUser.put(user, key))) {
            return skip(text, SkipReason.DUPLICATE, "the same message again");
        }
        Instant seen = recentTexts.put(key, now);
        if (seen != null && !seen.isBefore(now.minus(DUPLICATE_WINDOW))) {
            return skip(text, SkipReason.DUPLICATE, "copied from another viewer");
        }
        return new Verdict(text, Optional.empty(), "");
    }

    /** How a viewer is known to the filters and the block list: {@code platform:user-id}. */
    public static String userKey(ViewerMessage message) {
        return message.platform().toLowerCase(Locale.ROOT) + ":" + message.userId().toLowerCase(Locale.ROOT);
    }

    private static Verdict skip(String text, SkipReason reason, String detail) {
        return new Verdict(text, Optional.of(reason), detail);
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
