package dev.vtubermiku.core.chat;

import java.time.Duration;

/**
 * How long a reply may take to start and to continue, and how often a request that failed before
 * its first token is tried again ({@code backoff} doubles each time).
 */
public record StreamLimits(Duration firstToken, Duration idle, int retries, Duration backoff) {}
