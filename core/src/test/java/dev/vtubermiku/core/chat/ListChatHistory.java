package dev.vtubermiku.core.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The chat history in a list, for tests: ids count up from 1; thread-safe, as the store is. */
public final class ListChatHistory implements ChatHistory {

    private final List<Exchange> exchanges = new ArrayList<>();
    private int recentCalls;

    /** Stores an earlier exchange, as if it had been had before the test. */
    public synchronized Exchange add(long characterId, String userMessage, String response, Instant at) {
        return record(characterId, userMessage, response, null, null, at);
    }

    @Override
    public synchronized List<Exchange> recent(long characterId, int limit) {
        recentCalls++;
        List<Exchange> mine = exchanges.stream().filter(e -> e.characterId() == characterId).toList();
        return List.copyOf(mine.subList(Math.max(0, mine.size() - limit), mine.size()));
    }

    @Override
    public synchronized Exchange record(long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp) {
        Exchange stored = new Exchange(exchanges.size() + 1, characterId, userMessage, response, emotion, audioFile, timestamp);
        exchanges.add(stored);
        notifyAll();
        return stored;
    }

    @Override
    public synchronized void markInterrupted(long exchangeId, String heardResponse) {
        Exchange e = exchanges.get((int) exchangeId - 1);
        exchanges.set((int) exchangeId - 1, new Exchange(e.id(), e.characterId(), e.userMessage(), heardResponse, e.emotion(),
                e.audioFile(), e.timestamp(), true));
        notifyAll();
    }

    public synchronized List<Exchange> all() {
        return List.copyOf(exchanges);
    }

    public synchronized int recentCalls() {
        return recentCalls;
    }

    /** Waits (up to 10 s, for writes made on another thread) until some exchange is marked interrupted; returns it. */
    public synchronized Exchange awaitInterrupted() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (Exchange e : exchanges) {
                if (e.interrupted()) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no exchange was marked interrupted: " + exchanges);
            }
            wait(left / 1_000_000 + 1);
        }
    }
}
