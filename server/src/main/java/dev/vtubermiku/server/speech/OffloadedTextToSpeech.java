package dev.vtubermiku.server.speech;

import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.VoiceInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her voice as the rest of the backend uses it: the remote speech server when TTS_BASE_URL is set,
 * the local Piper otherwise and whenever the remote fails (if a local voice is installed). Remote
 * requests run one at a time in arrival order, as the port promises, on a thread of their own.
 */
public final class OffloadedTextToSpeech implements TextToSpeech {

    private static final Logger log = LoggerFactory.getLogger(OffloadedTextToSpeech.class);

    private final TextToSpeech local;
    private final SpeechOffload offload;
    private final Supplier<String> remoteVoice;
    private final ExecutorService remoteQueue;

    /**
     * @param remoteVoice TTS_VOICE: the voice to ask the remote for, or empty for the requested name
     * @param remoteQueue one thread: remote sentences in order (its owner shuts it down)
     */
    public OffloadedTextToSpeech(TextToSpeech local, SpeechOffload offload, Supplier<String> remoteVoice,
            ExecutorService remoteQueue) {
        this.local = local;
        this.offload = offload;
        this.remoteVoice = remoteVoice;
        this.remoteQueue = remoteQueue;
    }

    @Override
    public List<VoiceInfo> voices() {
        return local.voices();
    }

    @Override
    public VoiceInfo voice(@Nullable String name) {
        if (!offload.configured()) {
            return local.voice(name);
        }
        // The remote knows its own voices; ours describe them only when they share a name.
        String asked = name == null ? "default" : name;
        return local.voices().stream().filter(v -> name == null ? v.isDefault() : v.name().equals(name)).findFirst()
                .orElse(new VoiceInfo(asked, "und", RemoteSpeechClient.PCM_RATE, null, null, 1, 0, 0, name == null));
    }

    @Override
    public CompletableFuture<SpokenAudio> synthesize(String text, @Nullable String voice) {
        if (text.isBlank()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("text must not be blank"));
        }
        Optional<RemoteEndpoint> remote = offload.remote();
        if (remote.isEmpty()) {
            return offload.configured() ? local.synthesize(text, localVoice(voice)) : local.synthesize(text, voice);
        }
        RemoteEndpoint where = remote.get();
        String asked = remoteVoice.get().isBlank() ? (voice == null ? "alloy" : voice) : remoteVoice.get().trim();
        CompletableFuture<SpokenAudio> spoken = CompletableFuture.supplyAsync(() -> {
            SpokenAudio audio = offload.client().speak(where, text, asked);
            offload.succeeded();
            return audio;
        }, remoteQueue);
        return spoken.exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (!(cause instanceof RemoteSpeechException failed)) {
                return CompletableFuture.failedFuture(cause);
            }
            boolean fallback = !local.voices().isEmpty();
            log.warn("Remote text to speech failed: {}{}", failed.getMessage(), fallback ? "; the local Piper speaks" : "");
            offload.failed(where, failed, fallback);
            if (!fallback) {
                return CompletableFuture.failedFuture(new dev.vtubermiku.core.speech.SpeechUnavailableException(
                        "remote " + failed.getMessage(), "start the remote speech server, or pull a local voice: ./vtuber models pull en_US-amy-medium"));
            }
            return local.synthesize(text, localVoice(voice));
        });
    }

    /** A voice the remote knows may not be installed here: then the local default voice stands in. */
    private @Nullable String localVoice(@Nullable String voice) {
        return voice != null && local.voices().stream().anyMatch(v -> v.name().equals(voice)) ? voice : null;
    }
}
