/** HTTP and WebSocket delivery: Javalin routes, guards, problem details, the event socket. */
@NullMarked
package dev.vtubermiku.server.web;

import org.jspecify.annotations.NullMarked;
