/**
 * Her audience: viewers' chat from Twitch and YouTube, normalised ({@link dev.vtubermiku.core.audience.ViewerMessage}),
 * filtered, queued and selected for her to answer. Connectors deliver to a
 * {@link dev.vtubermiku.core.audience.ViewerMessageSink} and post back through a
 * {@link dev.vtubermiku.core.audience.ChatPoster}.
 */
@NullMarked
package dev.vtubermiku.core.audience;

import org.jspecify.annotations.NullMarked;
