package dev.vtubermiku.core.chat;

import java.util.List;

/** Port: what the chat engine needs of long-term memory. */
public interface LongTermMemory {

    /** Keeps an exchange for later recall; returns at once (the work happens in the background). */
    void remember(Exchange exchange);

    /** The {@code k} memories of this character most relevant to {@code query}, best first. */
    List<Memory> recall(long characterId, String query, int k);

    /** No memory at all: nothing is kept, nothing recalled. */
    LongTermMemory NONE = new LongTermMemory() {
        @Override
        public void remember(Exchange exchange) {}

        @Override
        public List<Memory> recall(long characterId, String query, int k) {
            return List.of();
        }
    };
}
