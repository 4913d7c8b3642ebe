package dev.vtubermiku.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of history, newest first. {@code next_before} is the {@code before} for the next (older)
 * page, null when there is none.
 */
public record ChatHistoryPage(List<ChatLogEntry> items, @Nullable Long nextBefore) {}
