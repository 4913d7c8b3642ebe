package dev.vtubermiku.gui;

import dev.vtubermiku.server.App;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Real backends for the GUI's tests: the echo LLM (no key, no local LLM) and the fixture Piper
 * voice, on a port chosen up front so that a restart comes back where the window looks for it.
 */
public final class Backends {

    private Backends() {}

    public static TestBackend start(Path dir, int port) {
        return start(dir, port, Map.of(), App.EngineWrappers.NONE);
    }

    /** With more configuration and engine seams (a known transcript for a voice turn, as the server's VoiceLoopTest does). */
    public static TestBackend start(Path dir, int port, Map<String, String> extra, App.EngineWrappers wrappers) {
        Map<String, String> env = new HashMap<>();
        env.put("API_PORT", Integer.toString(port));
        env.put("OPENROUTER_API_KEY", "");
        env.put("LLM_LOCAL_URL", "");
        // Pulls go nowhere: tests never download.
        env.put("MODEL_MIRROR", "http://127.0.0.1:9");
        Path voice = Fixtures.file("piper/test_voice.onnx");
        env.put("PIPER_MODEL_PATH", voice.toString());
        env.put("WHISPER_MODEL_PATH", Fixtures.file("whisper/for-tests-ggml-tiny.en.bin").toString());
        env.putAll(extra);
        return TestBackend.start(dir, env, wrappers);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static URI base(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
