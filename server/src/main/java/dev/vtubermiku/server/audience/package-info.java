/**
 * Her audience on the server: the pipeline that takes viewers' chat from the connectors
 * ({@code twitch}, {@code youtube} below this package), filters and queues it on the
 * {@link dev.vtubermiku.core.audience.AudienceDesk}, and lets her answer through the chat engine,
 * the streamer always first.
 */
@NullMarked
package dev.vtubermiku.server.audience;

import org.jspecify.annotations.NullMarked;
