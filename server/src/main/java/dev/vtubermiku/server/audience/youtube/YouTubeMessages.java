package dev.vtubermiku.server.audience.youtube;

import com.google.api.services.youtube.model.LiveChatMessage;
import com.google.api.services.youtube.model.LiveChatMessageAuthorDetails;
import com.google.api.services.youtube.model.LiveChatMessageSnippet;
import dev.vtubermiku.core.audience.ViewerMessage;
import dev.vtubermiku.core.audience.ViewerMessage.Badge;
import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one YouTube live chat item into a {@link ViewerMessage}: text messages, Super Chats and Super
 * Stickers (their amount in whole units of their currency as {@code bits}); the author's channel id
 * and display name; chat owner, moderator and member (sponsor) as broadcaster, moderator and
 * subscriber. Other items (memberships, deletions, bans, polls) are not viewer lines and are left out.
 */
final class YouTubeMessages {

    static final int MAX_CHARS = 500;
    private static final BigInteger MICROS = BigInteger.valueOf(1_000_000);

    private YouTubeMessages() {}

    static Optional<ViewerMessage> normalise(LiveChatMessage item, Instant now) {
        LiveChatMessageSnippet snippet = item.getSnippet();
        LiveChatMessageAuthorDetails author = item.getAuthorDetails();
        if (snippet == null || author == null || item.getId() == null || author.getChannelId() == null) {
            return Optional.empty();
        }
        String type = String.valueOf(snippet.getType());
        int amount;
        String text;
        switch (type) {
            case "textMessageEvent" -> {
                amount = 0;
                text = snippet.getTextMessageDetails() != null && snippet.getTextMessageDetails().getMessageText() != null
                        ? snippet.getTextMessageDetails().getMessageText() : nonNull(snippet.getDisplayMessage());
            }
            case "superChatEvent" -> {
                amount = snippet.getSuperChatDetails() == null ? 0 : whole(snippet.getSuperChatDetails().getAmountMicros());
                text = snippet.getSuperChatDetails() != null && snippet.getSuperChatDetails().getUserComment() != null
                        ? snippet.getSuperChatDetails().getUserComment() : "";
            }
            case "superStickerEvent" -> {
                amount = snippet.getSuperStickerDetails() == null ? 0 : whole(snippet.getSuperStickerDetails().getAmountMicros());
                text = "";
            }
            default -> {
                return Optional.empty();
            }
        }
        Set<Badge> badges = EnumSet.noneOf(Badge.class);
        if (Boolean.TRUE.equals(author.getIsChatOwner())) {
            badges.add(Badge.BROADCASTER);
        }
        if (Boolean.TRUE.equals(author.getIsChatModerator())) {
            badges.add(Badge.MODERATOR);
        }
        if (Boolean.TRUE.equals(author.getIsChatSponsor())) {
            badges.add(Badge.SUBSCRIBER);
        }
        String name = author.getDisplayName() == null || author.getDisplayName().isBlank() ? author.getChannelId() : author.getDisplayName();
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS);
        }
        return Optional.of(new ViewerMessage(ViewerMessage.YOUTUBE, item.getId(), author.getChannelId(), name, badges, amount, false,
                text, now));
    }

    /** Micros of a currency in whole units, rounded down; 0 for nothing or nonsense. */
    static int whole(BigInteger micros) {
        if (micros == null || micros.signum() <= 0) {
            return 0;
        }
        BigInteger units = micros.divide(MICROS);
        return units.bitLength() < 31 ? units.intValue() : Integer.MAX_VALUE;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
