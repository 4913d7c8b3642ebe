package dev.vtubermiku.protocol;

import java.util.Map;

/** {@code GET /api/health}: the process is alive; {@code ready} when every required service is. */
public record HealthResponse(String status, boolean ready, Map<String, String> services, String version) {}
