package dev.vtubermiku.server.audience.twitch;

import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessage.Badge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns one Twitch PRIVMSG (its IRCv3 tags, the sender's login and the text) into a
 * {@link ViewerMessage}: user id and display name, badges, bits, first message, and the text with
 * the emotes the {@code emotes} tag marks taken out (a message of emotes only keeps their names).
 * Nothing here trusts the text or the tags: a malformed tag is ignored, never an error.
 */
final class TwitchMessages {

    /** Twitch's longest chat message; anything longer did not come from Twitch. */
    static final int MAX_CHARS = 500;

    private TwitchMessages() {}

    /**
     * @param tag      the value of an IRCv3 tag (unescaped), or empty
     * @param login    the sender's login name (from the IRC prefix)
     * @param rawText  the PRIVMSG text, a {@code /me} action included
     */
    static ViewerMessage normalise(Function<String, Optional<String>> tag, String login, String rawText, Instant now) {
        String text = action(rawText);
        String userId = tag.apply("user-id").filter(v -> !v.isBlank()).orElse(login);
        String name = tag.apply("display-name").filter(v -> !v.isBlank()).orElse(login);
        String messageId = tag.apply("id").filter(v -> !v.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
        Set<Badge> badges = badges(tag.apply("badges").orElse(""));
        if (tag.apply("mod").filter("1"::equals).isPresent()) {
            badges.add(Badge.MODERATOR);
        }
        if (tag.apply("vip").isPresent()) {
            badges.add(Badge.VIP);
        }
        if (tag.apply("subscriber").filter("1"::equals).isPresent()) {
            badges.add(Badge.SUBSCRIBER);
        }
        int bits = tag.apply("bits").map(TwitchMessages::count).orElse(0);
        boolean first = tag.apply("first-msg").filter("1"::equals).isPresent();
        String cleaned = withoutEmotes(text, tag.apply("emotes").orElse(""));
        if (cleaned.length() > MAX_CHARS) {
            cleaned = cleaned.substring(0, MAX_CHARS);
        }
        return new ViewerMessage(ViewerMessage.TWITCH, messageId, userId, name, badges, bits, first, cleaned, now);
    }

    /** {@code \u0001ACTION waves\u0001} (a /me message) is the text "waves". */
    static String action(String text) {
        if (text.startsWith("\u0001ACTION ") && text.endsWith("\u0001") && text.length() >= 9) {
            return text.substring(8, text.length() - 1);
        }
        return text;
    }

    /** {@code broadcaster/1,subscriber/12,vip/1}: the badges we know, founder counted as a subscriber. */
    static Set<Badge> badges(String tag) {
        Set<Badge> badges = EnumSet.noneOf(Badge.class);
        for (String entry : tag.split(",")) {
            String name = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
            switch (name.toLowerCase(Locale.ROOT)) {
                case "broadcaster" -> badges.add(Badge.BROADCASTER);
                case "moderator" -> badges.add(Badge.MODERATOR);
                case "subscriber", "founder" -> badges.add(Badge.SUBSCRIBER);
                case "vip" -> badges.add(Badge.VIP);
                default -> { }
            }
        }
        return badges;
    }

    /**
     * Removes the emotes an {@code emotes} tag marks ({@code 25:0-4,12-16/1902:6-10}: emote id, then
     * inclusive ranges in code points of the text) and tidies the spaces they leave. When nothing
     * but emotes was said, their names are kept instead ("Kappa Kappa"), so the message still says something.
     */
    static String withoutEmotes(String text, String emotesTag) {
        if (emotesTag.isBlank()) {
            return text;
        }
        int[] points = text.codePoints().toArray();
        boolean[] emote = new boolean[points.length];
        List<int[]> ranges = new ArrayList<>();
        for (String perEmote : emotesTag.split("/")) {
            int colon = perEmote.indexOf(':');
            if (colon < 0) {
                continue;
            }
            for (String range : perEmote.substring(colon + 1).split(",")) {
                int[] r = range(range, points.length);
                if (r != null) {
                    ranges.add(r);
                    for (int i = r[0]; i <= r[1]; i++) {
                        emote[i] = true;
                    }
                }
            }
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < points.length; i++) {
            if (!emote[i]) {
                kept.appendCodePoint(points[i]);
            }
        }
        String rest = kept.toString().strip().replaceAll(" {2,}", " ");
        if (!rest.isEmpty() || ranges.isEmpty()) {
            return rest;
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<String> names = new ArrayList<>();
        for (int[] r : ranges) {
            names.add(new String(points, r[0], r[1] - r[0] + 1));
        }
        return String.join(" ", names);
    }

    private static int @Nullable [] range(String range, int length) {
        int dash = range.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            int from = Integer.parseInt(range.substring(0, dash));
            int to = Integer.parseInt(range.substring(dash + 1));
            return from >= 0 && to >= from && to < length ? new int[] {from, to} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int count(String value) {
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
