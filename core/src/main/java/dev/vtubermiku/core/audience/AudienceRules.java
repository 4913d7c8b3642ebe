package dev.vtubermiku.core.audience;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The audience settings (the AUDIENCE_* keys), as the filters and the queue use them.
 *
 * @param blocklist     words no viewer message and none of her replies may contain
 * @param blockedUsers  viewers whose messages are dropped: lower-case names, or {@code platform:user-id}
 * @param bots          lower-case names of chat bots, whose messages are dropped
 * @param maxChars      the longest message kept (after cleaning)
 * @param userRate      messages one viewer may send per minute before the rest are dropped
 * @param weights       the priority of each reason a message is there
 * @param cooldown      the least time between the end of one answer and the start of the next
 * @param maxAge        a message older than this is dropped from the queue
 * @param queueSize     the most messages the queue holds
 * @param hold          no answer starts while true
 * @param postReplies   her answers are also posted in the viewer's chat (where the connector can post)
 */
public record AudienceRules(Blocklist blocklist, Set<String> blockedUsers, Set<String> bots, int maxChars, int userRate,
        PriorityWeights weights, Duration cooldown, Duration maxAge, int queueSize, boolean hold, boolean postReplies) {

    public static final int MAX_QUEUE = 1000;

    public AudienceRules {
        blockedUsers = lower(blockedUsers);
        bots = lower(bots);
        if (queueSize < 1 || queueSize > MAX_QUEUE) {
            throw new IllegalArgumentException("queueSize must be 1-" + MAX_QUEUE);
        }
        if (maxChars < 1 || userRate < 1) {
            throw new IllegalArgumentException("maxChars and userRate must be positive");
        }
    }

    public static final String DEFAULT_BOTS = "nightbot,streamelements,streamlabs,moobot,fossabot,wizebot,soundalerts,botisimo";

    /** The defaults of the AUDIENCE_* keys. */
    public static AudienceRules defaults() {
        return new AudienceRules(Blocklist.NONE, Set.of(), Set.of(DEFAULT_BOTS.split(",")), 300, 6,
                PriorityWeights.DEFAULTS, Duration.ofSeconds(20), Duration.ofSeconds(90), 50, false, false);
    }

    public AudienceRules withHold(boolean on) {
        return new AudienceRules(blocklist, blockedUsers, bots, maxChars, userRate, weights, cooldown, maxAge, queueSize, on,
                postReplies);
    }

    public AudienceRules withBlockedUsers(Set<String> users) {
        return new AudienceRules(blocklist, users, bots, maxChars, userRate, weights, cooldown, maxAge, queueSize, hold,
                postReplies);
    }

    /** Comma-separated names to a set: stripped, lower case, blanks dropped. */
    public static Set<String> names(String commaSeparated) {
        return lower(Set.of(commaSeparated.split(",")));
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
