package dev.vtubermiku.protocol;

/**
 * A voice session as the server runs it, in the {@code voice.started} reply.
 *
 * @param characterId who answers
 * @param inputSampleRate the microphone PCM the server expects (16000)
 * @param endSilenceMs silence that ends the streamer's turn
 * @param bargeIn whether talking over her stops her
 */
public record VoiceSessionInfo(long characterId, int inputSampleRate, int endSilenceMs, boolean bargeIn) {}
