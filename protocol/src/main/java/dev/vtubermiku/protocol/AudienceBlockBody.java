package dev.vtubermiku.protocol;

/**
 * {@code POST /api/audience/block}: the viewer to block, as a queue item's {@code user}
 * ({@code platform:user-id}) or a display name.
 */
public record AudienceBlockBody(String user) {}
