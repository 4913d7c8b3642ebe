/**
 * Voice training as the backend runs it: uploads kept under a server-made id, the processing job
 * that cuts them into clips, dataset export in piper1-gpl's layout, and training runs, each a
 * supervised piper1-gpl trainer process in its own process group whose output becomes events and rows.
 * The domain rules (clip planning, grading, run states, reading the trainer's output) are in
 * {@code dev.vtubermiku.core.training}.
 */
@NullMarked
package dev.vtubermiku.server.training;

import org.jspecify.annotations.NullMarked;
