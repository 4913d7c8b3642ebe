package dev.vtubermiku.gui;

import dev.vtubermiku.server.App;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Real backends for the GUI's tests: the echo LLM (no key, no local LLM) and the fixture Piper
 * voice, on a port chosen up front so that a restart comes back where the window looks for it.
 */
public final class Backends {

    private Backends() {}

    public static TestBackend start(Path dir, int port) {
        return start(dir, port, Map.of(), App.EngineWrappers.NONE);
    }

    /** As {@link #start(Path, int)}, with {@code extra} added to (or overriding) the environment. */
    public static TestBackend start(Path dir, int port, Map<String, String> extra) {
        return start(dir, port, extra, App.EngineWrappers.NONE);
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
        // The real Silero VAD cuts uploads into clips.
        env.put("VAD_MODEL_PATH", Fixtures.file("vad/silero_vad_v5.onnx").toString());
        env.putAll(extra);
        return TestBackend.start(dir, env, wrappers);
    }

    /**
     * The server tests' fake piper1-gpl trainer (server test resources, fake-piper) as
     * PIPER_TRAIN_PYTHON: a wrapper that puts it on PYTHONPATH for the real python3, with its
     * behaviour ({@code FAKE_EPOCH_SECONDS=...}) from {@code env}. Skips when there is no python3.
     */
    public static Path fakeTrainer(Path dir, String env) throws IOException {
        String python = null;
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "python3"))) {
                python = Path.of(p, "python3").toString();
                break;
            }
        }
        Assumptions.assumeTrue(python != null, "python3 is not on PATH: the fake trainer needs it");
        // The package may sit in the server's test jar: copied out, file by file.
        Path fake = dir.resolve("fake-piper");
        for (String file : List.of("piper/__init__.py", "piper/train/__init__.py", "piper/train/__main__.py", "piper/train/export_onnx.py")) {
            try (InputStream in = Backends.class.getResourceAsStream("/fake-piper/" + file)) {
                Assumptions.assumeTrue(in != null, "the fake trainer (server test resources) is not on the class path");
                Path target = fake.resolve(file);
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        Files.writeString(dir.resolve("fake.env"), env);
        Path wrapper = dir.resolve("fake-python");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "set -a\n. '" + dir.resolve("fake.env") + "'\nset +a\n"
                + "export PYTHONPATH='" + fake + "' FAKE_VOICE='" + Fixtures.file("piper/test_voice.onnx") + "' FAKE_CONFIG='"
                + Fixtures.file("piper/test_voice.onnx.json") + "' FAKE_LOG='" + dir.resolve("invocations.log") + "'\n"
                + "exec '" + python + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
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
