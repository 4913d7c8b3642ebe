package dev.vtubermiku.core.audience;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One line of live chat from a viewer, normalised from its platform (Twitch IRC, YouTube live chat)
 * before any filter or selection sees it. {@code text} is the message with emotes already stripped
 * or named by the connector; nothing in it is trusted.
 *
 * @param platform    {@code twitch} or {@code youtube}
 * @param messageId   the platform's id of the message (deduplication across reconnects)
 * @param userId      the platform's stable id of the author
 * @param userName    the display name the viewer chose (untrusted text)
 * @param badges      what the platform says the author is in this channel
 * @param bits        Twitch bits cheered with this message, or a YouTube Super Chat's amount in
 *                    whole units of its currency; 0 when none
 * @param firstTime   the platform marks this as the author's first message in the channel
 * @param text        the message
 * @param receivedAt  when the connector received it (the queue's age limit counts from here)
 */
public record ViewerMessage(
        String platform, String messageId, String userId, String userName, Set<Badge> badges, int bits,
        boolean firstTime, String text, Instant receivedAt) {

    public static final String TWITCH = "twitch";
    public static final String YOUTUBE = "youtube";

    public ViewerMessage {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        badges = Set.copyOf(badges);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (bits < 0) {
            throw new IllegalArgumentException("bits must not be negative");
        }
    }

    /** A viewer's standing in the channel, as the platform reports it. */
    public enum Badge { BROADCASTER, MODERATOR, SUBSCRIBER, VIP }
}
