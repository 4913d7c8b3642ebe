package dev.vtubermiku.speech.whisper;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.speech.audio.Loudness;
import dev.vtubermiku.speech.audio.Resampler;
import java.util.Set;

/** What Whisper is given: the languages it knows, its audio at 16 kHz and loudness, and the encoder context sized to it. */
final class WhisperInput {

    /** whisper.cpp's languages (ISO 639-1 and a few 639-2 codes), as its whisper_lang_id accepts them. */
    static final Set<String> LANGUAGES = Set.of("en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl",
            "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu",
            "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr",
            "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr",
            "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz",
            "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha",
            "ba", "jw", "su", "yue");
    /** whisper.cpp's full encoder context: 1500 frames of 20 ms, Whisper's 30 s window. */
    static final int AUDIO_CTX_MAX = 1500;

    /**
     * The encoder context for {@code samples} at 16 kHz when STT_AUDIO_CTX is {@code least} (0: off,
     * the full window): the audio's own length in 20 ms frames plus a second, at least {@code least},
     * at most the full 1500, so that no speech falls outside it.
     */
    static int audioContext(int least, int samples) {
        if (least <= 0) {
            return 0;
        }
        int frames = (samples + 319) / 320 + 50;
        return Math.min(AUDIO_CTX_MAX, Math.max(least, frames));
    }

    /** 16 kHz, loudness brought to about -20 dBFS (capped gain, so silence stays silence). */
    static float[] prepare(MonoAudio audio) {
        MonoAudio at16k = Resampler.to(audio, 16_000);
        return Loudness.normalize(at16k.samples(), -20, -1, 30);
    }

    private WhisperInput() {}
}
