package dev.vtubermiku.protocol;

/** {@code PUT /api/audience/hold}: true pauses her answers to viewers at once, false lets them go on. */
public record AudienceHoldBody(Boolean hold) {}
