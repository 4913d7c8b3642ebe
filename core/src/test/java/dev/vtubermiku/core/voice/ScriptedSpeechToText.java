package dev.vtubermiku.core.voice;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.Transcript;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Whisper for tests: hears whatever it was told the streamer says, and keeps the audio it got. */
final class ScriptedSpeechToText implements SpeechToText {

    private final String text;
    final List<MonoAudio> heard = new CopyOnWriteArrayList<>();

    ScriptedSpeechToText(String text) {
        this.text = text;
    }

    @Override
    public int sampleRate() {
        return 16_000;
    }

    @Override
    public boolean multilingual() {
        return false;
    }

    @Override
    public Transcript transcribe(MonoAudio audio, @Nullable String language) {
        heard.add(audio);
        return new Transcript(text, "en", List.of(new Transcript.Segment(0, audio.seconds(), text)), audio.seconds());
    }
}
