package dev.vtubermiku.server.chat;

import dev.vtubermiku.core.chat.Memory;
import dev.vtubermiku.core.chat.MemoryVault;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.MemoryDao;
import dev.vtubermiku.server.store.MemoryRow;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Memories on the {@code memories} table; vectors as float32 little-endian blobs. */
public final class StoreMemoryVault implements MemoryVault {

    private final Database database;

    public StoreMemoryVault(Database database) {
        this.database = database;
    }

    @Override
    public Stored save(long characterId, @Nullable Long chatLogId, String userMessage, String response, float[] vector,
            String model, Instant createdAt) {
        long id = database.writeDao(MemoryDao.class).insert(characterId, chatLogId, userMessage, response, bytes(vector),
                model, createdAt);
        return new Stored(new Memory(id, characterId, chatLogId, userMessage, response, createdAt, 0), vector.clone());
    }

    @Override
    public List<Stored> all(long characterId, String model) {
        return database.readDao(MemoryDao.class).all(characterId, model).stream()
                .map(r -> new Stored(memory(r), floats(r.embedding())))
                .toList();
    }

    @Override
    public List<Memory> page(long characterId, long beforeId, int limit) {
        return database.readDao(MemoryDao.class).page(characterId, beforeId, limit).stream().map(StoreMemoryVault::memory).toList();
    }

    @Override
    public Optional<Memory> find(long characterId, long memoryId) {
        return database.readDao(MemoryDao.class).find(characterId, memoryId).map(StoreMemoryVault::memory);
    }

    @Override
    public long count(long characterId) {
        return database.readDao(MemoryDao.class).count(characterId);
    }

    @Override
    public int deleteAll(long characterId) {
        return database.writeDao(MemoryDao.class).deleteAll(characterId);
    }

    @Override
    public boolean delete(long characterId, long memoryId) {
        return database.writeDao(MemoryDao.class).delete(characterId, memoryId) > 0;
    }

    private static Memory memory(MemoryRow r) {
        return new Memory(r.id(), r.characterId(), r.chatLogId(), r.userMessage(), r.characterResponse(), r.createdAt(), 0);
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(vector);
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
