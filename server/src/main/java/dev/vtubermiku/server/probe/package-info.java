/** Probes that tell each service's state: the database, the LLM endpoint, model files, the trainer. */
@NullMarked
package dev.vtubermiku.server.probe;

import org.jspecify.annotations.NullMarked;
