/**
 * Twitch chat through Twitch4J: reads a channel's IRC (anonymously, or with the streamer's token so
 * she can post), normalises each PRIVMSG into a {@link dev.vtubermiku.core.audience.ViewerMessage},
 * and reports the connection as service {@code twitch}. Twitch4J is confined to this package.
 */
@NullMarked
package dev.vtubermiku.server.audience.twitch;

import org.jspecify.annotations.NullMarked;
