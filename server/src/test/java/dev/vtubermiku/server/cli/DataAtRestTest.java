package dev.vtubermiku.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.DatabaseCipher;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.files.AudioFiles;
import dev.vtubermiku.server.store.files.DataKey;
import dev.vtubermiku.server.store.files.DataKeyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest and backups on a real backend (random port, the fixture Piper voice, a fake LLM
 * server): what lands on disk is sealed, what the API serves is plaintext, a wrong or missing key is
 * one line and exit code 2, and a backup taken while chats are being written restores into an empty
 * location where a new backend finds every chat and the installed voice.
 */
class DataAtRestTest {

    static final String KEY = "a data key for tests only";

    @TempDir
    Path dir;
    FakeLlmServer llm;
    TestBackend backend;
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        Path fixtures = Fixtures.dir();
        llm = new FakeLlmServer();
        // a voice the user trained or installed, beside the default one
        Path piper = dir.resolve("a/models/piper");
        Files.createDirectories(piper);
        Files.copy(fixtures.resolve("piper/test_voice.onnx"), piper.resolve("my_voice.onnx"));
        Files.copy(fixtures.resolve("piper/test_voice.onnx.json"), piper.resolve("my_voice.onnx.json"));
        backend = TestBackend.start(dir.resolve("a"), env(dir.resolve("a"), KEY));
    }

    Map<String, String> env(Path root, String key) {
        Map<String, String> env = new HashMap<>(TestBackend.environment(root));
        env.put("LLM_BASE_URL", llm.baseUrl());
        env.put("PIPER_MODEL_PATH", Fixtures.dir().resolve("piper/test_voice.onnx").toString());
        env.put("DATA_KEY", key);
        return env;
    }

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    @Test
    void storedAudioAndTheDatabaseAreEncryptedAndServedDecrypted() throws Exception {
        Path root = dir.resolve("a");
        assertThat(DatabaseCipher.isEncrypted(root.resolve("vtuber.db"))).isTrue();
        JsonNode reply = chat("Say hi", true);
        String url = reply.path("audio_url").asText();
        Path stored = root.resolve("data").resolve(url.substring("/api/".length()));
        assertThat(AudioFiles.sealedWith(stored)).isPresent();
        assertThat(new String(Files.readAllBytes(stored), 0, 4, StandardCharsets.US_ASCII)).isNotEqualTo("RIFF");
        HttpResponse<byte[]> wav = bytes(backend, url);
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(wav.body()).isEqualTo(new AudioFiles(DataKey.of(KEY)).readAllBytes(stored));

        // a clip written through the store is sealed on disk and plaintext over HTTP
        byte[] clipWav = Fixtures.bytes("audio/jfk.wav");
        AudioFiles files = new AudioFiles(DataKey.of(KEY));
        files.write(root.resolve("data/voice/clips/c1.wav"), clipWav);
        long id = backend.app().database().writeDao(TrainingDataDao.class).insertClip(new VoiceClipRow(0, "c1.wav", "And so.", 1.5,
                "me", null, "good", Instant.now(), null, null, null, 22050, 40.0, 0.0, 1.0, true, false));
        HttpResponse<byte[]> clip = bytes(backend, "/api/voice/clips/" + id + "/audio");
        assertThat(clip.statusCode()).isEqualTo(200);
        assertThat(clip.body()).isEqualTo(clipWav);

        // the running backend holds the store: no conversion under it
        assertThat(main("data", "decrypt")).isEqualTo(1);
        assertThat(err()).contains("backend is running");
        backend.close();
        backend = null;

        // no key, a wrong key: one line, exit 2, nothing changed, the key never echoed
        byte[] before = Files.readAllBytes(root.resolve("vtuber.db"));
        Map<String, String> noKey = env(root, "");
        assertThatThrownBy(() -> TestBackend.start(root, noKey)).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("is encrypted: set DATA_KEY");
        Map<String, String> wrong = env(root, "not the right key at all");
        assertThatThrownBy(() -> TestBackend.start(root, wrong)).isInstanceOf(DataKeyException.class)
                .hasMessageContaining("wrong key").hasMessageNotContaining("not the right key");
        assertThat(Main.run(new String[] {"data", "decrypt"}, wrong, dir.resolve(".env"), outStream(), errStream())).isEqualTo(2);
        assertThat(err().strip().lines()).hasSize(1);
        assertThat(err()).contains("wrong key").doesNotContain("not the right key");
        assertThat(Files.readAllBytes(root.resolve("vtuber.db"))).isEqualTo(before);
        assertThat(AudioFiles.sealedWith(stored)).isPresent();

        // decrypt with the right key: plain again, and a plain backend serves the same audio
        assertThat(Main.run(new String[] {"data", "decrypt"}, env(root, KEY), dir.resolve(".env"), outStream(), errStream()))
                .as(err()).isEqualTo(0);
        assertThat(DatabaseCipher.isEncrypted(root.resolve("vtuber.db"))).isFalse();
        assertThat(Files.readAllBytes(stored)).startsWith("RIFF".getBytes(StandardCharsets.US_ASCII));
        backend = TestBackend.start(root, noKey);
        assertThat(bytes(backend, url).body()).isEqualTo(wav.body());
    }

    @Test
    void aBackupTakenWhileChatsAreWrittenRestoresEveryChatAndTheVoiceIntoAnEmptyLocation() throws Exception {
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        String spokenUrl = chat("first words", true).path("audio_url").asText();
        messages.add("first words");
        for (int i = 0; i < 5; i++) {
            chat("before " + i, false);
            messages.add("before " + i);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; writing.get(); i++) {
                chat("during " + i, false);
                written.incrementAndGet();
            }
        });
        Path archive = dir.resolve("backup.zip");
        int code;
        int atStart;
        try {
            while (written.get() < 3) { // the backend is busy writing chats when the backup starts
                Thread.sleep(10);
            }
            atStart = written.get();
            code = main("backup", archive.toString());
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(written.get()).as("chats went on being written during and after the backup").isGreaterThan(atStart);
        assertThat(code).as(err()).isEqualTo(0);
        assertThat(out()).contains("voice file(s)").contains("encrypted").doesNotContain(KEY);

        // encrypted stays encrypted: no plaintext database, no plain audio in the archive
        Map<String, byte[]> entries = unzip(archive);
        assertThat(entries).containsKeys("vtuber.db", "voices/my_voice.onnx", "voices/my_voice.onnx.json",
                "data/" + spokenUrl.substring("/api/".length()));
        assertThat(new String(entries.get("vtuber.db"), 0, 15, StandardCharsets.US_ASCII)).isNotEqualTo("SQLite format 3");
        assertThat(entries.get("data/" + spokenUrl.substring("/api/".length()))).startsWith("VTMSEAL".getBytes(StandardCharsets.US_ASCII));

        // restore: refused with a wrong key or into a used location; fine into an empty one
        Path b = dir.resolve("b");
        Map<String, String> envB = env(b, KEY);
        assertThat(Main.run(new String[] {"restore", archive.toString()}, env(b, "another key, also long"), dir.resolve(".env"),
                outStream(), errStream())).isEqualTo(2);
        assertThat(err()).contains("another key");
        assertThat(Files.exists(b.resolve("vtuber.db"))).isFalse();
        assertThat(main(envB, "restore", archive.toString())).as(err()).isEqualTo(0);
        assertThat(main(envB, "restore", archive.toString())).isEqualTo(1);
        assertThat(err()).contains("restore only into an empty location");

        backend.close();
        backend = TestBackend.start(b, envB);
        List<String> restored = new ArrayList<>();
        JsonNode page = json(backend.get("/api/chat/history?limit=200"));
        page.path("items").forEach(item -> restored.add(item.path("user_message").asText()));
        assertThat(restored).as("every chat written before the backup began").containsAll(messages);
        HttpResponse<byte[]> wav = bytes(backend, spokenUrl);
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        JsonNode voices = json(backend.get("/api/voices"));
        List<String> names = new ArrayList<>();
        voices.path("voices").forEach(v -> names.add(v.path("name").asText()));
        assertThat(names).contains("my_voice");
    }

    JsonNode chat(String message, boolean speak) {
        llm.script(Script.reply("Hello there, " + message.length() + "."));
        HttpResponse<String> r = backend.post("/api/chat", "{\"message\":\"" + message + "\",\"speak\":" + speak + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.newMapper().readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> bytes(TestBackend backend, String path) throws Exception {
        return HttpClient.newHttpClient().send(backend.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, byte[]> unzip(Path archive) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    int main(String... args) {
        return main(env(dir.resolve("a"), KEY), args);
    }

    int main(Map<String, String> env, String... args) {
        return Main.run(args, env, dir.resolve(".env"), outStream(), errStream());
    }

    PrintStream outStream() {
        outBytes.reset();
        return new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    }

    PrintStream errStream() {
        errBytes.reset();
        return new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
