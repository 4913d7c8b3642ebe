package dev.vtubermiku.protocol;

import java.util.List;

/** {@code GET /api/logs}: the newest matching lines from the in-memory ring, oldest first. */
public record LogPage(List<LogEntry> entries) {}
