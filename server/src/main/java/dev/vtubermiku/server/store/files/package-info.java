/**
 * The user's audio files at rest (uploads, clips, spoken chat replies): written and read through
 * {@link dev.vtubermiku.server.store.files.AudioFiles}, sealed with AES-256-GCM when a data key
 * (DATA_KEY / DATA_KEY_FILE) is set.
 */
@NullMarked
package dev.vtubermiku.server.store.files;

import org.jspecify.annotations.NullMarked;
