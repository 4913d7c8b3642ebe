package dev.vtubermiku.server.audience.youtube;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The YouTube Data API quota this backend spent today, counted per call with the costs of Google's
 * quota table. Google resets the daily quota (10,000 units by default) at midnight Pacific Time, so
 * the count does too.
 */
public final class YouTubeQuota {

    /** videos.list: finding a video's live chat. */
    public static final int VIDEOS_LIST = 1;
    /** liveChatMessages.list: one poll. */
    public static final int LIVE_CHAT_MESSAGES_LIST = 5;
    /** search.list: finding a channel's live broadcast. */
    public static final int SEARCH_LIST = 100;
    /** What a project gets a day unless Google granted more. */
    public static final int DEFAULT_DAILY = 10_000;

    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    private final Clock clock;
    private LocalDate day;
    private long units;
    private long calls;

    public YouTubeQuota(Clock clock) {
        this.clock = clock;
        this.day = today();
    }

    synchronized void spend(int cost) {
        roll();
        units += cost;
        calls++;
    }

    /** Units spent since the last midnight Pacific Time. */
    public synchronized long unitsToday() {
        roll();
        return units;
    }

    /** API calls made since the last midnight Pacific Time. */
    public synchronized long callsToday() {
        roll();
        return calls;
    }

    private void roll() {
        LocalDate now = today();
        if (!now.equals(day)) {
            day = now;
            units = 0;
            calls = 0;
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PACIFIC);
    }
}
