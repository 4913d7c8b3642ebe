package dev.vtubermiku.core.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-term memory by meaning: each exchange is embedded and stored with its vector; recall embeds
 * the query and ranks that character's memories by cosine similarity. Remembering and forgetting
 * run one at a time on a background executor, in the order asked, so a reply never waits for an
 * embedding and a forget is never undone by an embedding that was still under way. Vectors are
 * cached per character after the first recall (a few thousand memories are a few MB and a
 * millisecond to scan).
 */
public final class VectorMemory implements LongTermMemory {

    private static final Logger log = LoggerFactory.getLogger(VectorMemory.class);

    private final TextEmbedder embedder;
    private final MemoryVault vault;
    private final Executor background;
    private final Clock clock;
    private final double minScore;
    private final Duration waitForPending;
    private final Map<Long, List<MemoryVault.Stored>> cache = new ConcurrentHashMap<>();
    private final Object tailLock = new Object();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /**
     * @param minScore memories less similar than this are never recalled (noise in the prompt costs more than it helps)
     * @param waitForPending how long a recall waits for memories still being embedded (so "my cat is Mochi"
     *     said a moment ago is found)
     */
    public VectorMemory(TextEmbedder embedder, MemoryVault vault, Executor background, Clock clock, double minScore,
            Duration waitForPending) {
        this.embedder = embedder;
        this.vault = vault;
        this.background = background;
        this.clock = clock;
        this.minScore = minScore;
        this.waitForPending = waitForPending;
    }

    @Override
    public void remember(Exchange exchange) {
        enqueue(() -> {
            String said = exchange.viewer() == null ? exchange.userMessage() : exchange.viewer().remembered(exchange.userMessage());
            float[] vector = embedder.embed(memoryText(said, exchange.response()));
            MemoryVault.Stored stored = vault.save(exchange.characterId(), exchange.id(), said,
                    exchange.response(), vector, embedder.modelName(), clock.instant());
            cache.computeIfPresent(exchange.characterId(), (id, list) -> {
                list.add(stored);
                return list;
            });
            return null;
        }).exceptionally(e -> {
            log.warn("Could not remember exchange {} of character {}", exchange.id(), exchange.characterId(), e);
            return null;
        });
    }

    @Override
    public List<Memory> recall(long characterId, String query, int k) {
        if (k <= 0) {
            return List.of();
        }
        awaitPending();
        List<MemoryVault.Stored> memories = cache.computeIfAbsent(characterId,
                id -> new CopyOnWriteArrayList<>(vault.all(id, embedder.modelName())));
        if (memories.isEmpty()) {
            return List.of(); // nothing to compare with: spare the query's embedding
        }
        float[] q = embedder.embed(query);
        List<Memory> scored = new ArrayList<>();
        for (MemoryVault.Stored s : memories) {
            double score = cosine(q, s.vector());
            if (score >= minScore) {
                Memory m = s.memory();
                scored.add(new Memory(m.id(), m.characterId(), m.chatLogId(), m.userMessage(), m.response(), m.createdAt(), score));
            }
        }
        scored.sort(Comparator.comparingDouble(Memory::score).reversed());
        return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
    }

    /** Like {@link #recall} but with every score, for inspecting what would be recalled. */
    public List<Memory> search(long characterId, String query, int k) {
        awaitPending();
        List<MemoryVault.Stored> memories = vault.all(characterId, embedder.modelName());
        if (memories.isEmpty()) {
            return List.of();
        }
        float[] q = embedder.embed(query);
        return memories.stream()
                .map(s -> {
                    Memory m = s.memory();
                    return new Memory(m.id(), m.characterId(), m.chatLogId(), m.userMessage(), m.response(), m.createdAt(),
                            cosine(q, s.vector()));
                })
                .sorted(Comparator.comparingDouble(Memory::score).reversed())
                .limit(k)
                .toList();
    }

    public List<Memory> page(long characterId, long beforeId, int limit) {
        awaitPending();
        return vault.page(characterId, beforeId, limit);
    }

    public long count(long characterId) {
        awaitPending();
        return vault.count(characterId);
    }

    public Optional<Memory> find(long characterId, long memoryId) {
        return vault.find(characterId, memoryId);
    }

    /** Forgets everything this character remembers, after any remembering still under way. */
    public int forgetAll(long characterId) {
        return join(enqueue(() -> {
            cache.remove(characterId);
            return vault.deleteAll(characterId);
        }));
    }

    public boolean forget(long characterId, long memoryId) {
        return join(enqueue(() -> {
            cache.remove(characterId);
            return vault.delete(characterId, memoryId);
        }));
    }

    /** The text that is embedded for an exchange: both sides, so a question finds the fact either side stated. */
    static String memoryText(String userMessage, String response) {
        return userMessage + "\n" + response;
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return -1;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private <T> CompletableFuture<T> enqueue(java.util.function.Supplier<T> work) {
        synchronized (tailLock) {
            CompletableFuture<T> next = tail.handle((ignored, error) -> null).thenApplyAsync(x -> work.get(), background);
            tail = next;
            return next;
        }
    }

    private void awaitPending() {
        CompletableFuture<?> pending;
        synchronized (tailLock) {
            pending = tail;
        }
        try {
            pending.handle((r, e) -> null).get(waitForPending.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.debug("Recalling without the memories still being embedded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // handle() never completes exceptionally
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forgetting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
