package dev.vtubermiku.protocol;

/**
 * {@code POST /api/characters/{id}/greeting}: she is saying her greeting; its {@code speech.*} events
 * ({@code origin: "greeting"}) and audio frames carry {@code turn_id}.
 */
public record GreetingResponse(long characterId, String turnId, String text) {}
