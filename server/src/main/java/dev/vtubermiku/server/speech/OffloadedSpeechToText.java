package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.Transcript;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her hearing as the rest of the backend uses it: the remote transcription server when STT_BASE_URL
 * is set, the local Whisper otherwise and whenever the remote fails (if a local model is installed).
 */
public final class OffloadedSpeechToText implements SpeechToText {

    private static final Logger log = LoggerFactory.getLogger(OffloadedSpeechToText.class);

    private final SpeechToText local;
    private final SpeechOffload offload;

    public OffloadedSpeechToText(SpeechToText local, SpeechOffload offload) {
        this.local = local;
        this.offload = offload;
    }

    @Override
    public int sampleRate() {
        return local.sampleRate();
    }

    @Override
    public boolean multilingual() {
        return offload.configured() || local.multilingual();
    }

    @Override
    public Transcript transcribe(MonoAudio audio, @Nullable String language) {
        return transcribe(audio, language, false);
    }

    @Override
    public Transcript transcribeLive(MonoAudio audio, @Nullable String language) {
        return transcribe(audio, language, true);
    }

    private Transcript transcribe(MonoAudio audio, @Nullable String language, boolean live) {
        Optional<RemoteEndpoint> remote = offload.remote();
        if (remote.isEmpty()) {
            return live ? local.transcribeLive(audio, language) : local.transcribe(audio, language);
        }
        try {
            Transcript transcript = offload.client().transcribe(remote.get(), audio, language);
            offload.succeeded();
            return transcript;
        } catch (RemoteSpeechException failed) {
            log.warn("Remote speech to text failed: {}; trying the local Whisper", failed.getMessage());
            try {
                Transcript transcript = live ? local.transcribeLive(audio, language) : local.transcribe(audio, language);
                offload.failed(remote.get(), failed, true);
                return transcript;
            } catch (SpeechUnavailableException none) {
                offload.failed(remote.get(), failed, false);
                throw new SpeechUnavailableException("remote " + failed.getMessage() + "; and the local Whisper: "
                        + none.getMessage(), "start the remote transcription server, or " + none.fix());
            }
        }
    }
}
