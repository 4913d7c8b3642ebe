package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.core.chat.ReplyVoice;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.UnknownVoiceException;
import dev.vtubermiku.speech.audio.WavCodec;
import dev.vtubermiku.server.store.files.AudioFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat's voice: a reply spoken with the character's Piper voice and kept as a WAV file under
 * {@code DATA_DIR/audio/chat}, served at {@code /api/audio/chat/<file>}. A character whose voice is
 * not installed speaks with the default voice rather than not at all.
 */
public final class SpokenReplies implements ReplyVoice {

    private static final Logger log = LoggerFactory.getLogger(SpokenReplies.class);
    /** Where reply audio lives, relative to DATA_DIR (what {@code chat_logs.audio_file} holds). */
    public static final String FOLDER = AudioFiles.CHAT;
    /** The names this class gives its files: the only ones the audio route serves. */
    public static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.wav");

    private final TextToSpeech tts;
    private final Supplier<Path> dataDir;
    private final Duration timeout;
    private final AudioFiles files;

    public SpokenReplies(TextToSpeech tts, Supplier<Path> dataDir, Duration timeout, AudioFiles files) {
        this.tts = tts;
        this.dataDir = dataDir;
        this.timeout = timeout;
        this.files = files;
    }

    @Override
    public Spoken speak(Persona persona, String text, Emotion emotion) {
        if (text.isBlank()) {
            return new Spoken.Unavailable("the reply has no words to speak");
        }
        SpokenAudio audio;
        try {
            audio = synthesize(text, persona.voice());
        } catch (UnknownVoiceException e) {
            log.warn("{}'s voice {} is not installed; speaking with the default voice", persona.name(), persona.voice());
            try {
                audio = synthesize(text, null);
            } catch (SpeechUnavailableException unavailable) {
                return new Spoken.Unavailable(e.getMessage() + "; " + unavailable.fix());
            } catch (TimeoutException timedOut) {
                return new Spoken.Unavailable("speech synthesis took longer than " + timeout.toSeconds() + " s");
            }
        } catch (SpeechUnavailableException e) {
            return new Spoken.Unavailable(e.getMessage() + ": " + e.fix());
        } catch (TimeoutException e) {
            return new Spoken.Unavailable("speech synthesis took longer than " + timeout.toSeconds() + " s");
        } catch (IllegalArgumentException e) {
            return new Spoken.Unavailable(e.getMessage());
        }
        String name = UUID.randomUUID() + ".wav";
        Path folder = dataDir.get().resolve(FOLDER);
        try {
            files.write(folder.resolve(name), WavCodec.encode(audio));
        } catch (IOException e) {
            log.warn("Cannot store the spoken reply in {}: {}", folder, e.toString());
            return new Spoken.Unavailable("the audio could not be saved in " + folder + ": " + e.getMessage());
        }
        return new Spoken.Audio(FOLDER + "/" + name, "/api/" + FOLDER + "/" + name);
    }

    private SpokenAudio synthesize(String text, @Nullable String voice) throws TimeoutException {
        return StreamedSpeech.await(tts.synthesize(text, voice), timeout.toMillis());
    }
}
