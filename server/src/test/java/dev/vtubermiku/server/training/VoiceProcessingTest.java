package dev.vtubermiku.server.training;

import static dev.vtubermiku.server.training.VoiceTests.awaitJob;
import static dev.vtubermiku.server.training.VoiceTests.events;
import static dev.vtubermiku.server.training.VoiceTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SpeechSegment;
import dev.vtubermiku.core.speech.VadSettings;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.DecodedAudio;
import dev.vtubermiku.speech.audio.WavCodec;
import dev.vtubermiku.speech.vad.VadEngine;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads of jfk.wav as WAV, FLAC, MP3 and Ogg Vorbis cut into clips by the real Silero VAD; reviewing the clips. */
class VoiceProcessingTest {

    @TempDir
    Path dir;

    private TestBackend backend;

    @BeforeEach
    void start() {
        Path vad = Fixtures.file("vad/silero_vad_v5.onnx");
        backend = TestBackend.start(dir, Map.of("VAD_MODEL_PATH", vad.toString()));
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void jfkInThreeFormatsBecomesClipsThatAgreeWithTheVoiceDetectorAndARerunAddsNothing() throws Exception {
        byte[] wav = Fixtures.bytes("audio/jfk.wav");
        DecodedAudio decoded = AudioDecoder.decode(wav, AudioLimits.DEFAULT);
        short[] pcm = WavCodec.toPcm16(decoded.mono().samples());
        HttpResponse<String> uploaded = VoiceTests.upload(backend, List.of(
                new VoiceTests.Part("file", "jfk.wav", wav),
                new VoiceTests.Part("file", "jfk.flac", TestEncoders.flac(pcm, 16000)),
                new VoiceTests.Part("file", "jfk.mp3", TestEncoders.mp3(pcm, 16000))), Map.of("speaker", "jfk"));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode files = json(uploaded).path("files");
        assertThat(files).extracting(f -> f.path("format").asText()).containsExactly("wav", "flac", "mp3");
        List<String> ids = new ArrayList<>();
        files.forEach(f -> ids.add(f.path("upload_id").asText()));

        // The same detector on the untouched recording: the fixture's known speech.
        List<SpeechSegment> speech;
        try (VadEngine vad = new VadEngine(() -> Fixtures.file("vad/silero_vad_v5.onnx"), EngineListener.NONE)) {
            vad.refresh();
            speech = vad.detect(new MonoAudio(decoded.mono().samples(), 16000), VadSettings.DEFAULTS);
        }
        for (double known : new double[] {0.3, 3.4, 5.4, 8.2}) { // the fixture README's speech (plus a short breath at 4.0 s)
            assertThat(speech).anySatisfy(s -> assertThat(s.start()).isCloseTo(known, within(0.2)));
        }

        // Nothing measured yet: no expected time (never a made-up constant), but the waiting recordings are known.
        JsonNode before = json(backend.get("/api/voice/estimate"));
        assertThat(before.path("seconds_per_hour").isNull()).as(before.toString()).isTrue();
        assertThat(before.path("pending_audio_seconds").asDouble()).isCloseTo(3 * 11.0, within(0.5));

        HttpResponse<String> processing = backend.post("/api/voice/process", "{}");
        assertThat(processing.statusCode()).as(processing.body()).isEqualTo(202);
        JsonNode job = awaitJob(backend, json(processing).path("job_id").asText());
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("done");
        JsonNode after = json(backend.get("/api/voice/estimate"));
        assertThat(after.path("measured_audio_seconds").asDouble()).as(after.toString()).isCloseTo(3 * 11.0, within(0.5));
        assertThat(after.path("realtime_factor").asDouble()).isPositive();
        assertThat(after.path("seconds_per_hour").asDouble()).isCloseTo(3600 / after.path("realtime_factor").asDouble(), org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(after.path("pending_audio_seconds").asDouble()).isZero();
        assertThat(job.path("uploads_done").asInt()).isEqualTo(3);
        int made = job.path("clips_added").asInt();
        assertThat(events(backend, "audio.processed")).hasSize(made);

        for (String upload : ids) {
            JsonNode clips = json(backend.get("/api/voice/clips?upload_id=" + upload)).path("clips");
            assertThat(clips.size()).as(upload).isBetween(2, 4);
            for (SpeechSegment s : speech) {
                // Every stretch of speech lies in exactly one clip (tolerance: MP3's encoder delay, trimming).
                long holding = count(clips, c -> c.path("source_start").asDouble() <= s.start() + 0.15
                        && c.path("source_end").asDouble() >= s.end() - 0.15);
                assertThat(holding).as("clips of %s holding speech %s: %s", upload, s, clips).isEqualTo(1);
            }
            for (JsonNode c : clips) {
                assertThat(c.path("duration").asDouble()).isBetween(1.0, 15.0);
                assertThat(c.path("sample_rate").asInt()).isEqualTo(22050);
                assertThat(c.path("grade").asText()).isIn("good", "fair", "poor");
                assertThat(c.path("snr_db").isNumber()).isTrue();
                assertThat(c.path("clipping_ratio").isNumber()).isTrue();
                assertThat(c.path("speech_ratio").asDouble()).isBetween(0.3, 1.0);
                assertThat(c.path("needs_transcript").asBoolean()).isTrue(); // no Whisper model here
                assertThat(c.path("speaker").asText()).isEqualTo("jfk");
                HttpResponse<byte[]> audio = java.net.http.HttpClient.newHttpClient().send(
                        backend.request(c.path("audio_url").asText()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                ByteBuffer header = ByteBuffer.wrap(audio.body()).order(ByteOrder.LITTLE_ENDIAN);
                assertThat(header.getShort(22)).as("channels").isEqualTo((short) 1);
                assertThat(header.getInt(24)).as("rate").isEqualTo(22050);
                assertThat(header.getShort(34)).as("bits").isEqualTo((short) 16);
                assertThat((audio.body().length - 44) / 2 / 22050.0).isCloseTo(c.path("duration").asDouble(), within(0.01));
            }
        }

        JsonNode listed = json(backend.get("/api/voice/uploads")).path("uploads");
        assertThat(listed).extracting(u -> u.path("id").asText()).containsExactlyElementsOf(ids);
        assertThat(listed).allSatisfy(u -> assertThat(u.path("processed_at").isTextual()).isTrue());
        assertThat(listed.get(0).path("original_name").asText()).isEqualTo("jfk.wav");

        JsonNode again = awaitJob(backend, json(backend.post("/api/voice/process",
                "{\"upload_ids\": [\"" + String.join("\",\"", ids) + "\"]}")).path("job_id").asText());
        assertThat(again.path("clips_added").asInt()).isZero();
        assertThat(again.path("clips_existing").asInt()).isEqualTo(made);
        assertThat(json(backend.get("/api/voice/clips?limit=500")).path("clips").size()).isEqualTo(made);
        try (var listing = Files.list(dir.resolve("data/voice/clips"))) {
            assertThat(listing.count()).isEqualTo(made);
        }
        assertThat(backend.post("/api/voice/process", "{}").statusCode()).isEqualTo(422); // nothing left unprocessed
        assertThat(backend.post("/api/voice/process", "{\"upload_ids\": [\"up_nope\"]}").statusCode()).isEqualTo(404);
    }

    @Test
    void anOggVorbisRecordingBecomesTheSameClips() throws Exception {
        byte[] wav = Fixtures.bytes("audio/jfk.wav");
        DecodedAudio decoded = AudioDecoder.decode(wav, AudioLimits.DEFAULT);
        var ogg = TestEncoders.ogg(WavCodec.toPcm16(decoded.mono().samples()), 16000);
        org.junit.jupiter.api.Assumptions.assumeTrue(ogg.isPresent(),
                "oggenc (Debian's vorbis-tools, which .ci/run installs) is needed to make the Ogg Vorbis version of jfk.wav");
        HttpResponse<String> uploaded = VoiceTests.upload(backend, List.of(new VoiceTests.Part("file", "jfk.ogg", ogg.get())),
                Map.of("speaker", "jfk"));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(json(uploaded).path("files").get(0).path("format").asText()).isEqualTo("ogg");
        String upload = json(uploaded).path("files").get(0).path("upload_id").asText();

        List<SpeechSegment> speech;
        try (VadEngine vad = new VadEngine(() -> Fixtures.file("vad/silero_vad_v5.onnx"), EngineListener.NONE)) {
            vad.refresh();
            speech = vad.detect(new MonoAudio(decoded.mono().samples(), 16000), VadSettings.DEFAULTS);
        }
        JsonNode job = awaitJob(backend, json(backend.post("/api/voice/process", "{}")).path("job_id").asText());
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("done");
        JsonNode clips = json(backend.get("/api/voice/clips?upload_id=" + upload)).path("clips");
        assertThat(clips.size()).isBetween(2, 4);
        for (SpeechSegment s : speech) {
            assertThat(count(clips, c -> c.path("source_start").asDouble() <= s.start() + 0.15
                    && c.path("source_end").asDouble() >= s.end() - 0.15)).as("clips holding speech %s: %s", s, clips).isEqualTo(1);
        }
        for (JsonNode c : clips) {
            assertThat(c.path("duration").asDouble()).isBetween(1.0, 15.0);
            assertThat(c.path("sample_rate").asInt()).isEqualTo(22050);
            assertThat(c.path("grade").asText()).isIn("good", "fair", "poor");
        }
    }

    private static long count(JsonNode array, java.util.function.Predicate<JsonNode> p) {
        long n = 0;
        for (JsonNode x : array) {
            if (p.test(x)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void clipsAreFilteredEditedAndDeleted() throws Exception {
        List<Long> ids = VoiceTests.clips(backend, 3, "ann");
        VoiceTests.clips(backend, 2, "bob");
        assertThat(json(backend.get("/api/voice/clips?speaker=ann")).path("clips")).hasSize(3);
        assertThat(json(backend.get("/api/voice/clips?grade=good&limit=2")).path("next_after").asLong()).isEqualTo(ids.get(1));
        assertThat(backend.get("/api/voice/clips?grade=great").statusCode()).isEqualTo(400);

        long id = ids.getFirst();
        HttpResponse<String> edited = backend.send(backend.request("/api/voice/clips/" + id).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"transcript\": \"  Ask not.  \", \"emotion\": \"joy\", \"included\": false}")).build());
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(json(edited).path("transcript").asText()).isEqualTo("Ask not.");
        assertThat(json(edited).path("emotion").asText()).isEqualTo("joy");
        assertThat(json(edited).path("included").asBoolean()).isFalse();
        assertThat(json(backend.get("/api/voice/clips?included=false")).path("clips")).extracting(c -> c.path("id").asLong())
                .containsExactly(id);
        assertThat(json(backend.get("/api/voice/clips?needs_transcript=false&speaker=ann")).path("clips")).hasSize(3);
        HttpResponse<String> cleared = backend.send(backend.request("/api/voice/clips/" + id).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"transcript\": \"\"}")).build());
        assertThat(json(cleared).path("needs_transcript").asBoolean()).isTrue();
        assertThat(json(backend.get("/api/voice/clips?needs_transcript=true")).path("clips")).extracting(c -> c.path("id").asLong())
                .containsExactly(id);
        HttpResponse<String> bad = backend.send(backend.request("/api/voice/clips/" + id).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"emotion\": \"Very Happy!\"}")).build());
        assertThat(bad.statusCode()).isEqualTo(400);

        Path file = dir.resolve("data/voice/clips/test_ann_0.wav");
        assertThat(file).exists();
        assertThat(backend.delete("/api/voice/clips/" + id).statusCode()).isEqualTo(204);
        assertThat(file).doesNotExist();
        assertThat(backend.get("/api/voice/clips/" + id).statusCode()).isEqualTo(404);
        assertThat(backend.get("/api/voice/clips/" + id + "/audio").statusCode()).isEqualTo(404);
        assertThat(backend.delete("/api/voice/clips/" + id).statusCode()).isEqualTo(404);
    }
}
