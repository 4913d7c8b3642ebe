package dev.vtubermiku.server.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code voice_uploads}: one recording as uploaded. {@code id} is made by the server and
 * names the stored file ({@code file}, below DATA_DIR/voice/uploads); {@code originalName} is the
 * client's file name, kept for display only.
 */
public record VoiceUploadRow(
        String id, String originalName, String file, String format, int sampleRate, int channels, double duration,
        long sizeBytes, @Nullable String speaker, @Nullable Long characterId, Instant createdAt, @Nullable Instant processedAt) {}
