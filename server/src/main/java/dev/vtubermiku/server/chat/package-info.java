/** The chat engine's ports on the store: history in {@code chat_logs}, memories in {@code memories}. */
@NullMarked
package dev.vtubermiku.server.chat;

import org.jspecify.annotations.NullMarked;
