/**
 * Voice training, the domain part: how raw recordings become training clips (filters, clip planning,
 * edge trimming, quality grading), the state machine of a training run, and how the trainer's
 * output is read (progress lines, metrics file). No process, file or vendor types here: the server
 * runs the trainer and keeps the files.
 */
@NullMarked
package dev.vtubermiku.core.training;

import org.jspecify.annotations.NullMarked;
