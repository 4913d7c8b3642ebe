package dev.vtubermiku.server;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.Transcript;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Whisper runs for real (the fixture models hear no words); its text is replaced by {@code next}
 * while a test has it set. Not taken once: the voice loop may transcribe a pause before the turn's
 * end (a guess it drops when the streamer goes on), and the turn's own transcription must still hear
 * the script. For voice-loop tests here and in the gui module.
 */
public record ScriptedTranscripts(SpeechToText real, AtomicReference<@Nullable String> next) implements SpeechToText {
    @Override
    public int sampleRate() {
        return real.sampleRate();
    }

    @Override
    public boolean multilingual() {
        return real.multilingual();
    }

    @Override
    public Transcript transcribe(MonoAudio audio, @Nullable String language) {
        Transcript heard = real.transcribe(audio, language);
        String scripted = next.get();
        return scripted == null ? heard : new Transcript(scripted, "en", List.of(), heard.duration());
    }
}
