package dev.vtubermiku.protocol;

/** How many memories were forgotten. */
public record MemoryForgetResponse(long deleted) {}
