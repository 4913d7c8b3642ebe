package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.VadSettings;

/**
 * How the voice loop listens and speaks.
 *
 * @param vad speech threshold and minimum speech (a turn shorter than that is a cough, not a turn)
 * @param endSilenceMs silence after speech that ends the streamer's turn (VAD hangover)
 * @param bargeIn whether the streamer talking over the character stops her
 * @param bargeInMs how long speech over hers must last before she stops
 * @param echoMarginDb how much louder than her own voice (as sent) the input must be to count as the
 *     streamer: her voice coming back through speakers into the microphone is never louder than it left
 * @param echoTailMs after her last sound, how long the input is still treated as possible echo
 * @param firstChunkChars a clause boundary releases the first chunk once it is this long
 * @param maxTurnMs a turn this long ends even without silence
 * @param leadMs how far ahead of playback audio frames are sent (the client's jitter buffer)
 * @param speculateMs a pause this long starts Whisper on the turn so far while the end of the turn is
 *     still being confirmed (its result is used only if the silence lasts); 0: Whisper starts at the end
 */
public record VoiceSettings(
        VadSettings vad,
        int endSilenceMs,
        boolean bargeIn,
        int bargeInMs,
        double echoMarginDb,
        int echoTailMs,
        int firstChunkChars,
        int maxTurnMs,
        int leadMs,
        int speculateMs) {

    public static final VoiceSettings DEFAULTS = new VoiceSettings(VadSettings.DEFAULTS, 400, true, 80, 3, 300, 24, 30_000, 60, 150);

    public VoiceSettings {
        if (endSilenceMs < 50 || bargeInMs < 0 || echoTailMs < 0 || firstChunkChars < 1 || maxTurnMs < 1000 || leadMs < 0 || speculateMs < 0) {
            throw new IllegalArgumentException("voice settings out of range");
        }
    }

    public VoiceSettings withBargeIn(boolean on) {
        return new VoiceSettings(vad, endSilenceMs, on, bargeInMs, echoMarginDb, echoTailMs, firstChunkChars, maxTurnMs, leadMs,
                speculateMs);
    }

    /** The same with Whisper starting at a pause of {@code ms} (0: only once the turn has ended). */
    public VoiceSettings withSpeculation(int ms) {
        return new VoiceSettings(vad, endSilenceMs, bargeIn, bargeInMs, echoMarginDb, echoTailMs, firstChunkChars, maxTurnMs,
                leadMs, ms);
    }
}
