package dev.vtubermiku.server.web;

import static dev.vtubermiku.server.web.VoiceClient.event;
import static dev.vtubermiku.server.web.VoiceClient.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.SentenceListener;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VoiceFrames;
import dev.vtubermiku.server.App;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.ScriptedTranscripts;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.store.ChatLogDao;
import dev.vtubermiku.server.store.ChatLogRow;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voice loop over a real {@code /ws}: microphone PCM in (jfk.wav), real Silero VAD, real Piper
 * (the fixture voice, which speaks silence), the fake LLM over real HTTP, audio frames out.
 *
 * <p>Seams, because the fixture Whisper model has no weights and always returns no text: Whisper
 * runs for real on every turn, and the turns' transcript can be scripted ({@link #transcript}, until
 * set again; {@link #noTextIsTranscribedAndNotAnswered} uses the real engine only). The echo test replaces Piper's silence with real speech
 * ({@link #herVoice}), so that her voice coming back into the microphone is speech that Silero hears.
 */
class VoiceLoopTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final int RATE = 16_000;

    @TempDir
    static Path dir;

    static FakeLlmServer llm;
    static TestBackend backend;
    static short[] jfk;
    /** The transcript of the turns from now on (until set again); null: the real Whisper engine's. */
    static final AtomicReference<@Nullable String> transcript = new AtomicReference<>();
    /** Audio every synthesis returns instead of Piper's (16 kHz); null: Piper's own. */
    static final AtomicReference<short @Nullable []> herVoice = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        Path fixtures = Fixtures.dir();
        MonoAudio audio = AudioDecoder.decode(Files.readAllBytes(fixtures.resolve("audio/jfk.wav")), AudioLimits.DEFAULT).mono();
        assertThat(audio.sampleRate()).isEqualTo(RATE);
        jfk = new short[audio.samples().length];
        for (int i = 0; i < jfk.length; i++) {
            jfk[i] = (short) Math.round(audio.samples()[i] * 32767);
        }
        llm = new FakeLlmServer();
        backend = TestBackend.start(dir, Map.of(
                "LLM_BASE_URL", llm.baseUrl(),
                "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString(),
                "VAD_MODEL_PATH", fixtures.resolve("vad/silero_vad_v5.onnx").toString(),
                "WHISPER_MODEL_PATH", fixtures.resolve("whisper/for-tests-ggml-tiny.en.bin").toString(),
                // jfk.wav pauses for up to 1.7 s between phrases: one turn for the whole speech
                "VOICE_END_SILENCE_MS", "2000"),
                new App.EngineWrappers(real -> new ScriptedTranscripts(real, transcript), HerVoice::new));
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    @BeforeEach
    void reset() {
        transcript.set(null);
        herVoice.set(null);
    }

    @Test
    void theFullLoopFromAFileGivesOrderedAudioFramesAndEventsInOrder() throws Exception {
        transcript.set("And so my fellow Americans, ask not what your country can do for you.");
        llm.script(Script.reply("[joy] ", "Hello there, my dear fellow streamer!", " It is a fine day.", " Let us begin."));
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            client.microphone(jfk, 0, jfk.length);
            client.microphone(new short[RATE * 5 / 2], 0, RATE * 5 / 2);

            JsonNode stt = client.next(type(EventTypes.STT_TRANSCRIPT), T);
            String turn = stt.path("data").path("turn_id").asText();
            assertThat(stt.path("data").path("text").asText()).startsWith("And so my fellow Americans");
            assertThat(stt.path("data").path("duration").asDouble()).as("the whole of jfk.wav is one turn").isGreaterThan(10.0);
            client.next(m -> isTurnEnd(m, turn), T);
            client.frame(f -> f.turnId().toString().equals(turn) && f.turnEnd(), T);

            List<JsonNode> events = client.events(turn);
            List<String> spine = events.stream().map(e -> e.path("type").asText())
                    .filter(t -> !t.equals(EventTypes.CHAT_TOKEN) && !t.equals(EventTypes.CHAT_RESPONSE)).toList();
            assertThat(spine).containsExactly(EventTypes.STT_TRANSCRIPT, EventTypes.CHAT_MESSAGE,
                    EventTypes.SPEECH_STARTED, EventTypes.SPEECH_FINISHED, EventTypes.SPEECH_STARTED,
                    EventTypes.SPEECH_FINISHED, EventTypes.SPEECH_STARTED, EventTypes.SPEECH_FINISHED,
                    EventTypes.SPEECH_FINISHED);
            List<JsonNode> started = ofType(events, EventTypes.SPEECH_STARTED);
            assertThat(started).extracting(e -> e.path("data").path("text").asText())
                    .containsExactly("Hello there, my dear fellow streamer!", "It is a fine day.", "Let us begin.");
            assertThat(started).extracting(e -> e.path("data").path("chunk").asInt()).containsExactly(0, 1, 2);
            int firstToken = indexOf(events, EventTypes.CHAT_TOKEN);
            assertThat(firstToken).isGreaterThan(indexOf(events, EventTypes.CHAT_MESSAGE))
                    .isLessThan(indexOf(events, EventTypes.SPEECH_STARTED));
            JsonNode end = events.getLast();
            assertThat(end.path("data").path("turn_end").asBoolean()).isTrue();
            assertThat(end.path("data").path("interrupted").asBoolean()).isFalse();
            JsonNode latency = started.getFirst().path("data").path("latency");
            for (String stage : List.of("vad_hangover_ms", "stt_ms", "transcript_ms", "first_token_ms", "first_chunk_ms",
                    "tts_first_chunk_ms", "first_audio_ms", "overhead_ms")) {
                assertThat(latency.path(stage).isNumber()).as(stage + " in " + latency).isTrue();
            }
            assertThat(latency.path("first_audio_ms").asDouble()).isGreaterThan(latency.path("transcript_ms").asDouble());
            // jfk.wav's pauses started guesses that were dropped (one at a time: a dropped guess's Whisper
            // runs to its end), so the turn's Whisper started at its last pause or at the confirmed end.
            assertThat(latency.path("stt_wait_ms").asDouble()).isLessThanOrEqualTo(latency.path("vad_hangover_ms").asDouble());

            // Frames: one sequence without gaps, chunk by chunk, each chunk's samples as its event announced.
            List<VoiceFrames.AudioFrame> frames = client.frames(turn);
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).seq()).isEqualTo(frames.get(i - 1).seq() + 1);
                assertThat(frames.get(i).chunk()).isGreaterThanOrEqualTo(frames.get(i - 1).chunk());
            }
            assertThat(frames.getLast().turnEnd()).isTrue();
            assertThat(frames.getLast().samples()).isEmpty();
            assertThat(frames.stream().filter(VoiceFrames.AudioFrame::chunkEnd)).hasSize(3);
            for (JsonNode s : started) {
                int chunk = s.path("data").path("chunk").asInt();
                List<VoiceFrames.AudioFrame> of = frames.stream().filter(f -> f.chunk() == chunk && !f.turnEnd()).toList();
                assertThat(of.getFirst().seq()).isEqualTo(s.path("data").path("first_seq").asLong());
                assertThat(of).allSatisfy(f -> assertThat(f.sampleRate()).isEqualTo(22_050));
                assertThat(of.stream().mapToInt(f -> f.samples().length).sum()).isEqualTo(s.path("data").path("samples").asInt());
                assertThat(s.path("data").path("envelope")).hasSize(of.size()); // one loudness value per 20 ms frame
            }

            Optional<ChatLogRow> row = latestRow();
            assertThat(row).isPresent();
            assertThat(row.get().characterResponse()).isEqualTo("Hello there, my dear fellow streamer! It is a fine day. Let us begin.");
            assertThat(row.get().interrupted()).isFalse();

            JsonNode metrics = ApiTest.json(backend.get("/api/metrics/latency"));
            assertThat(metrics.path("turns").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(metrics.path("stages").findValuesAsText("name")).contains("first_audio_ms", "overhead_ms");
        }
    }

    @Test
    void whisperStartsAtThePauseAndTheConfirmedTurnUsesItsTranscript() throws Exception {
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            String turn = talk(client, "Are you there?", Script.reply("Yes, I am here with you.", " Always."));
            JsonNode started = client.next(event(EventTypes.SPEECH_STARTED, turn), T);
            client.next(m -> isTurnEnd(m, turn), T);

            JsonNode latency = started.path("data").path("latency");
            double hangover = latency.path("vad_hangover_ms").asDouble();
            assertThat(hangover).as("the 2 s of silence were waited for").isGreaterThanOrEqualTo(2000);
            assertThat(latency.path("stt_wait_ms").asDouble()).as("Whisper began at the 150 ms pause").isBetween(150.0, 200.0);
            assertThat(latency.path("transcript_ms").asDouble()).as("the transcript came sooner than hangover + Whisper")
                    .isLessThan(hangover + latency.path("stt_ms").asDouble());
            assertThat(latency.path("first_audio_ms").asDouble()).as("she spoke only once the end was confirmed")
                    .isGreaterThanOrEqualTo(hangover);
            List<String> spine = client.events(turn).stream().map(e -> e.path("type").asText())
                    .filter(t -> t.equals(EventTypes.STT_TRANSCRIPT) || t.equals(EventTypes.CHAT_MESSAGE)).toList();
            assertThat(spine).containsExactly(EventTypes.STT_TRANSCRIPT, EventTypes.CHAT_MESSAGE);
        }
    }

    @Test
    void noTextIsTranscribedAndNotAnswered() throws Exception {
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            client.microphone(jfk, 0, RATE * 2);
            client.microphone(new short[RATE * 5 / 2], 0, RATE * 5 / 2);
            JsonNode stt = client.next(type(EventTypes.STT_TRANSCRIPT), T);
            assertThat(stt.path("data").path("text").asText()).isEmpty(); // the fixture model has no weights
            String silent = stt.path("data").path("turn_id").asText();

            // The loop is listening again: the next turn is answered.
            String next = talk(client, "Are you there?", Script.reply("Yes."));
            client.next(m -> isTurnEnd(m, next), T);
            assertThat(client.events(silent)).extracting(e -> e.path("type").asText()).containsExactly(EventTypes.STT_TRANSCRIPT);
        }
    }

    @Test
    void aReplyOfManySentencesIsHeardBeforeTheModelHasFinished() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add("Sentence number " + i + " of my answer is here. ");
        }
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            String turn = talk(client, "Tell me everything.", Script.reply(tokens.toArray(String[]::new)).every(Duration.ofMillis(250)));
            client.next(m -> isTurnEnd(m, turn), T);
            List<VoiceClient.Arrival> arrivals = client.arrivals;
            long firstAudio = arrivals.stream().filter(a -> a.frame() != null && a.frame().turnId().toString().equals(turn))
                    .findFirst().orElseThrow().nanos();
            long response = arrivals.stream().filter(a -> a.text() != null && event(EventTypes.CHAT_RESPONSE, turn).test(a.text()))
                    .findFirst().orElseThrow().nanos();
            long lastToken = arrivals.stream().filter(a -> a.text() != null && event(EventTypes.CHAT_TOKEN, turn).test(a.text()))
                    .reduce((a, b) -> b).orElseThrow().nanos();
            // The model takes 7 x 250 ms to write it; the first sentence plays long before that.
            assertThat(firstAudio).isLessThan(lastToken);
            assertThat(TimeUnit.NANOSECONDS.toMillis(response - firstAudio)).isGreaterThan(1000);
        }
    }

    @Test
    void bargeInStopsHerAtOnceAndHistoryKeepsWhatWasHeard() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tokens.add("This is the sentence number " + i + " of a long story about a cat. ");
        }
        String full = String.join("", tokens).strip();
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            String turn = talk(client, "Tell me a long story.", Script.reply(tokens.toArray(String[]::new)));
            client.next(event(EventTypes.SPEECH_STARTED, turn), T);
            client.next(m -> event(EventTypes.SPEECH_STARTED, turn).test(m) && m.path("data").path("chunk").asInt() == 1, T);

            long talking = System.nanoTime();
            CompletableFuture<Void> speaking = CompletableFuture.runAsync(() -> live(client, (int) (0.3 * RATE), (int) (2.2 * RATE)));
            JsonNode cut = client.next(m -> isTurnEnd(m, turn), T);
            long stopped = System.nanoTime();
            speaking.join();

            assertThat(cut.path("data").path("interrupted").asBoolean()).isTrue();
            String heard = cut.path("data").path("heard_text").asText();
            assertThat(full).startsWith(heard);
            assertThat(heard.length()).isLessThan(full.length());
            // From the streamer's first words to her stop (Silero's onset, VAD_BARGE_IN_MS, the socket).
            long ms = TimeUnit.NANOSECONDS.toMillis(stopped - talking);
            // A sanity bound on a shared machine; the figure itself is measured by bench/VoiceLoopBench.
            assertThat(ms).as("barge-in took %d ms", ms).isLessThan(600);
            VoiceFrames.AudioFrame last = client.frame(f -> f.turnId().toString().equals(turn) && f.turnEnd(), T);
            List<VoiceFrames.AudioFrame> frames = client.frames(turn);
            assertThat(frames.getLast()).isEqualTo(last);
            // Queued speech was dropped: what was sent is what was heard plus the lead, not the ten sentences.
            double sentMs = frames.stream().mapToInt(f -> f.samples().length).sum() * 1000.0 / 22_050;
            assertThat(sentMs).isLessThan(cut.path("data").path("heard_ms").asDouble() + 200);
            assertThat(client.events(turn).stream().filter(e -> e.path("type").asText().equals(EventTypes.SPEECH_STARTED)))
                    .hasSizeLessThan(10);

            ChatLogRow row = awaitInterrupted("Tell me a long story.");
            assertThat(row.characterResponse()).isEqualTo(heard);

            // The words that interrupted her start the next turn.
            client.microphone(new short[RATE * 5 / 2], 0, RATE * 5 / 2);
            JsonNode next = client.next(type(EventTypes.STT_TRANSCRIPT), T);
            assertThat(next.path("data").path("turn_id").asText()).isNotEqualTo(turn);
            assertThat(next.path("data").path("duration").asDouble()).isGreaterThan(1.0);
        }
    }

    @Test
    void bargeInWhileTheReplyStillStreamsStoresWhatWasHeard() throws Exception {
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            String turn = talk(client, "Count slowly.", Script.reply("One, two, three, four, five, six.", " Seven.", " Eight.", " Nine.")
                    .every(Duration.ofSeconds(2)));
            client.next(event(EventTypes.SPEECH_STARTED, turn), T);
            live(client, (int) (0.3 * RATE), (int) (2.2 * RATE));
            JsonNode cut = client.next(m -> isTurnEnd(m, turn), T);
            assertThat(cut.path("data").path("interrupted").asBoolean()).isTrue();
            ChatLogRow row = awaitInterrupted("Count slowly.");
            assertThat(row.characterResponse()).isEqualTo(cut.path("data").path("heard_text").asText());
            assertThat("One, two, three, four, five, six.").startsWith(row.characterResponse());
        }
    }

    @Test
    void herOwnVoiceComingBackIntoTheMicrophoneNeverStartsATurnNorStopsHer() throws Exception {
        short[] voice = Arrays.copyOfRange(jfk, (int) (0.3 * RATE), (int) (2.2 * RATE)); // speech, as Silero hears it
        herVoice.set(voice);
        try (VoiceClient client = open("{\"type\":\"voice.start\"}")) {
            // A speaker beside the microphone: every frame she sends comes straight back, at full level.
            BlockingQueue<VoiceFrames.AudioFrame> echo = new LinkedBlockingQueue<>();
            client.onFrame(echo::add);
            Thread echoer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        VoiceFrames.AudioFrame f = echo.take();
                        if (f.samples().length > 0) {
                            client.sendPcm(VoiceFrames.pcm(f.samples(), 0, f.samples().length));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                String turn = talk(client, "Say two things.", Script.reply("First I say this to you.", " Then I say that."));
                JsonNode end = client.next(m -> isTurnEnd(m, turn), T);
                assertThat(end.path("data").path("interrupted").asBoolean()).as("her echo must not interrupt her").isFalse();
                List<JsonNode> started = ofType(client.events(turn), EventTypes.SPEECH_STARTED);
                assertThat(started).hasSize(2);
                assertThat(started.getFirst().path("data").path("envelope").get(10).asDouble()).as("her voice is speech")
                        .isGreaterThan(0.01);
                assertNoTurnUntilTheNext(client, turn);
            } finally {
                echoer.interrupt();
            }
        }
    }

    @Test
    void withBargeInOffSheFinishesAndTalkingOverHerIsNotATurn() throws Exception {
        try (VoiceClient client = open("{\"type\":\"voice.start\",\"barge_in\":false}")) {
            String turn = talk(client, "Speak.", Script.reply("I will speak for a while now.", " And then a little more.",
                    " And then I am done."));
            client.next(event(EventTypes.SPEECH_STARTED, turn), T);
            live(client, (int) (0.3 * RATE), (int) (2.2 * RATE));
            JsonNode end = client.next(m -> isTurnEnd(m, turn), T);
            assertThat(end.path("data").path("interrupted").asBoolean()).isFalse();
            assertNoTurnUntilTheNext(client, turn);
        }
    }

    @Test
    void badVoiceMessagesAreAnsweredWithProblems() throws Exception {
        try (VoiceClient client = new VoiceClient(backend.ws("/ws"))) {
            client.sendPcm(new byte[640]);
            client.sendPcm(new byte[640]);
            JsonNode error = client.next(type("error"), T);
            assertThat(error.path("problem").path("status").asInt()).isEqualTo(409);
            assertThat(error.path("problem").path("type").asText()).endsWith("voice-not-started");

            client.send("{\"type\":\"voice.start\",\"character_id\":999999}");
            JsonNode unknown = client.next(type("error"), T);
            assertThat(unknown.path("problem").path("status").asInt()).isEqualTo(404);

            client.send("{\"type\":\"voice.start\"}");
            JsonNode started = client.next(type("voice.started"), T);
            assertThat(started.path("voice").path("input_sample_rate").asInt()).isEqualTo(16_000);
            assertThat(started.path("voice").path("end_silence_ms").asInt()).isEqualTo(2000);
            client.sendPcm(new byte[641]);
            JsonNode odd = client.next(type("error"), T);
            assertThat(odd.path("problem").path("status").asInt()).isEqualTo(400);
            assertThat(odd.path("problem").path("type").asText()).endsWith("invalid-audio");
            client.send("{\"type\":\"voice.stop\"}");
            client.next(type("voice.stopped"), T);
        }
    }

    // --- helpers

    private static VoiceClient open(String start) throws InterruptedException {
        VoiceClient client = new VoiceClient(backend.ws("/ws"));
        client.send(start);
        client.next(type("voice.started"), T);
        return client;
    }

    @Test
    void aVoiceTurnIsSpokenThroughTheOneSpeakingPathToItsClientAndTheListeners() throws Exception {
        try (VoiceClient client = open("{\"type\":\"voice.start\"}"); VoiceClient desktop = new VoiceClient(backend.ws("/ws"))) {
            desktop.send("{\"type\":\"listen\",\"as\":\"desktop\"}");
            desktop.next(type("listen.started"), T);
            String turn = talk(client, "Hello there.", Script.reply("[joy] ", "Hello to you, streamer!", " Nice day."));
            client.next(m -> isTurnEnd(m, turn), T);
            client.frame(f -> f.turnId().toString().equals(turn) && f.turnEnd(), T);
            desktop.frame(f -> f.turnId().toString().equals(turn) && f.turnEnd(), T);

            List<JsonNode> speech = client.events(turn).stream().filter(e -> e.path("type").asText().startsWith("speech.")).toList();
            assertThat(speech).hasSize(5).allSatisfy(e -> assertThat(e.path("data").path("origin").asText()).isEqualTo("voice"));
            assertThat(ofType(speech, EventTypes.SPEECH_STARTED)).allSatisfy(
                    e -> assertThat(e.path("data").path("emotion").asText()).isEqualTo("joy"));
            assertThat(client.events(turn).getFirst().path("data").path("origin").asText()).isEqualTo("voice"); // stt.transcript
            // The listener hears the same frames as the voice client, in the same order.
            assertThat(desktop.frames(turn)).extracting(VoiceFrames.AudioFrame::seq)
                    .containsExactlyElementsOf(client.frames(turn).stream().map(VoiceFrames.AudioFrame::seq).toList());
        }
    }

    /** One turn of the streamer (the first 2.3 s of jfk.wav, then silence); returns its turn id. */
    private static String talk(VoiceClient client, String said, Script reply) throws InterruptedException {
        transcript.set(said);
        llm.script(reply);
        client.microphone(jfk, 0, (int) (2.3 * RATE));
        client.microphone(new short[RATE * 5 / 2], 0, RATE * 5 / 2);
        JsonNode stt = client.next(m -> type(EventTypes.STT_TRANSCRIPT).test(m) && said.equals(m.path("data").path("text").asText()), T);
        return stt.path("data").path("turn_id").asText();
    }

    /** The streamer talks live (jfk.wav from {@code from} to {@code to}, in real time). */
    private static void live(VoiceClient client, int from, int to) {
        try {
            client.microphoneLive(jfk, from, to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After {@code turn}: silence long enough to end any turn the input might have opened, then a real
     * turn; the first transcript to arrive must be that one.
     */
    private static void assertNoTurnUntilTheNext(VoiceClient client, String turn) throws InterruptedException {
        // Live for as long as her echo may linger (the gate is in wall-clock time), then at full speed.
        client.microphoneLive(new short[RATE * 6 / 10], 0, RATE * 6 / 10);
        client.microphone(new short[RATE * 5 / 2], 0, RATE * 5 / 2);
        transcript.set("Next one.");
        llm.script(Script.reply("Okay."));
        client.microphone(jfk, 0, (int) (2.3 * RATE));
        client.microphone(new short[RATE * 5 / 2], 0, RATE * 5 / 2);
        JsonNode stt = client.next(type(EventTypes.STT_TRANSCRIPT), T);
        assertThat(stt.path("data").path("turn_id").asText()).isNotEqualTo(turn);
        assertThat(stt.path("data").path("text").asText()).as("no turn came from her voice or the gated input").isEqualTo("Next one.");
        client.next(m -> isTurnEnd(m, stt.path("data").path("turn_id").asText()), T);
    }

    private static boolean isTurnEnd(JsonNode m, String turn) {
        return event(EventTypes.SPEECH_FINISHED, turn).test(m) && m.path("data").path("turn_end").asBoolean();
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    private static int indexOf(List<JsonNode> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).path("type").asText().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<ChatLogRow> latestRow() {
        return backend.app().database().readDao(ChatLogDao.class).page(null, Long.MAX_VALUE, 1).stream().findFirst();
    }

    /** The history is written off the audio path, just after the barge-in: polled for a few seconds. */
    private static ChatLogRow awaitInterrupted(String userMessage) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ChatLogRow> row = backend.app().database().readDao(ChatLogDao.class).page(null, Long.MAX_VALUE, 20).stream()
                    .filter(r -> r.userMessage().equals(userMessage) && r.interrupted()).findFirst();
            if (row.isPresent()) {
                return row.get();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no interrupted exchange for '" + userMessage + "'");
    }

    /** Piper runs for real (in order, on its thread); its silence is replaced by speech when a test set it. */
    private record HerVoice(TextToSpeech real) implements TextToSpeech {
        @Override
        public List<VoiceInfo> voices() {
            return real.voices();
        }

        @Override
        public VoiceInfo voice(@Nullable String name) {
            return real.voice(name);
        }

        @Override
        public CompletableFuture<SpokenAudio> synthesize(String text, @Nullable String voice) {
            return real.synthesize(text, voice).thenApply(audio -> {
                short[] speech = herVoice.get();
                return speech == null ? audio : new SpokenAudio(speech, RATE);
            });
        }

        @Override
        public CompletableFuture<Void> speak(List<String> sentences, @Nullable String voice, SentenceListener listener) {
            return real.speak(sentences, voice, listener);
        }
    }
}
