package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A character's memories: newest first with {@code next_before} for the next page, or (with
 * {@code q}) the best matches first. {@code total} counts all of the character's memories.
 */
public record MemoryPage(List<MemoryEntry> items, long total, @Nullable Long nextBefore) {}
