package dev.vtubermiku.server.probe;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whether the model files a speech service needs are where the configuration says. Until the
 * speech engines are wired in, this is all status can honestly say about stt, tts and vad.
 */
public final class ModelFileProbe implements ServiceProbe {

    private final ServiceId service;
    private final String what;
    private final Supplier<List<Path>> files;
    private final String pullHint;

    /**
     * @param files the files that must all exist (for Piper: the .onnx and its .onnx.json)
     * @param pullHint the command that gets the default model
     */
    public ModelFileProbe(ServiceId service, String what, Supplier<List<Path>> files, String pullHint) {
        this.service = service;
        this.what = what;
        this.files = files;
        this.pullHint = pullHint;
    }

    @Override
    public ServiceId service() {
        return service;
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(5);
    }

    @Override
    public ServiceHealth check() {
        List<Path> needed = files.get();
        for (Path file : needed) {
            if (!Files.isRegularFile(file)) {
                return ServiceHealth.unavailable(service, "no " + what + " at " + file, pullHint);
            }
        }
        return ServiceHealth.degraded(service, what + " present at " + needed.getFirst() + "; engine not loaded in this build",
                "the speech engines arrive with the Speech feature");
    }
}
