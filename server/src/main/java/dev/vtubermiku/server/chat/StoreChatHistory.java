package dev.vtubermiku.server.chat;

import dev.vtubermiku.core.chat.ChatHistory;
import dev.vtubermiku.core.chat.ChatViewer;
import dev.vtubermiku.core.chat.Exchange;
import dev.vtubermiku.server.store.ChatLogDao;
import dev.vtubermiku.server.store.ChatLogRow;
import dev.vtubermiku.server.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Chat history on the {@code chat_logs} table. What is stored passes the redaction step first: a
 * secret typed into the chat is not kept in the row.
 */
public final class StoreChatHistory implements ChatHistory {

    private final Database database;
    private final UnaryOperator<String> redact;

    public StoreChatHistory(Database database, UnaryOperator<String> redact) {
        this.database = database;
        this.redact = redact;
    }

    @Override
    public List<Exchange> recent(long characterId, int limit) {
        return database.readDao(ChatLogDao.class).recent(characterId, limit).stream().map(StoreChatHistory::exchange).toList();
    }

    @Override
    public Exchange record(long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp) {
        userMessage = redact.apply(userMessage);
        response = redact.apply(response);
        long id = database.writeDao(ChatLogDao.class).insert(characterId, userMessage, response, audioFile, timestamp, emotion);
        return new Exchange(id, characterId, userMessage, response, emotion, audioFile, timestamp);
    }

    @Override
    public Exchange record(long characterId, String userMessage, String response, @Nullable String emotion,
            @Nullable String audioFile, Instant timestamp, String origin, @Nullable ChatViewer viewer) {
        userMessage = redact.apply(userMessage);
        response = redact.apply(response);
        long id = database.writeDao(ChatLogDao.class).insertFrom(characterId, userMessage, response, audioFile, timestamp,
                emotion, origin, viewer == null ? null : viewer.name());
        return new Exchange(id, characterId, userMessage, response, emotion, audioFile, timestamp, false, origin, viewer);
    }

    @Override
    public void markInterrupted(long exchangeId, String heardResponse) {
        database.writeDao(ChatLogDao.class).markInterrupted(exchangeId, redact.apply(heardResponse));
    }

    /** A page, newest first; {@code characterId} null for every character. */
    public List<Exchange> page(@Nullable Long characterId, long beforeId, int limit) {
        return database.readDao(ChatLogDao.class).page(characterId, beforeId, limit).stream()
                .map(StoreChatHistory::exchange).toList();
    }

    static Exchange exchange(ChatLogRow row) {
        ChatViewer viewer = row.viewerName() == null || row.origin() == null ? null : new ChatViewer(row.origin(), row.viewerName());
        return new Exchange(row.id(), row.characterId(), row.userMessage(), row.characterResponse(), row.emotion(),
                row.audioFile(), row.timestamp(), row.interrupted(), row.origin(), viewer);
    }
}
