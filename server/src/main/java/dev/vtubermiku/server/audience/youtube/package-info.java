/**
 * YouTube live chat through Google's YouTube Data API client: finds a video's active live chat,
 * polls it at the pace the server asks, counts the quota it spends, normalises each message into a
 * {@link dev.vtubermiku.core.audience.ViewerMessage}, and reports as service {@code youtube}. The
 * Google API client is confined to this package.
 */
@NullMarked
package dev.vtubermiku.server.audience.youtube;

import org.jspecify.annotations.NullMarked;
