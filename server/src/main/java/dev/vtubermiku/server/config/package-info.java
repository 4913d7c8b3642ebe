/** Configuration: environment, then {@code .env}, then defaults; validated before anything starts. */
@NullMarked
package dev.vtubermiku.server.config;

import org.jspecify.annotations.NullMarked;
