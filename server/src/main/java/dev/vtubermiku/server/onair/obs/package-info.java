/**
 * OBS control over obs-websocket v5: challenge authentication, her caption into a text source,
 * scenes switched by state or emotion.
 */
@NullMarked
package dev.vtubermiku.server.onair.obs;

import org.jspecify.annotations.NullMarked;
