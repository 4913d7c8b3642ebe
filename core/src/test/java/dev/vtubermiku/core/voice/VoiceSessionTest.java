package dev.vtubermiku.core.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vtubermiku.core.chat.ChatEngine;
import dev.vtubermiku.core.chat.ChatSettings;
import dev.vtubermiku.core.chat.Exchange;
import dev.vtubermiku.core.chat.FixedCharacters;
import dev.vtubermiku.core.chat.ListChatHistory;
import dev.vtubermiku.core.chat.LongTermMemory;
import dev.vtubermiku.core.chat.ReplyVoice;
import dev.vtubermiku.core.chat.ScriptedLanguageModel;
import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.InMemoryEventJournal;
import dev.vtubermiku.core.event.Subscription;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.event.EventPayload;
import dev.vtubermiku.protocol.event.SpeechFinished;
import dev.vtubermiku.protocol.event.SpeechStarted;
import dev.vtubermiku.protocol.VoiceFrames;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The voice session on fake ports and virtual time ({@link ManualVoiceClock}): Whisper, the model and
 * Piper answer at once, so every time the session measures is the microphone's (advanced by the test,
 * 32 ms a frame) or the player's own pacing. Nothing sleeps; the test waits only for what the
 * session's threads publish. Her voice is a square wave of known loudness, the streamer's another.
 */
class VoiceSessionTest {

    private static final int FRAME_MS = 32; // LoudnessDetector.FRAME samples at 16 kHz
    /** Enough silence to end a turn: 13 frames (416 ms) reach the default 400 ms. */
    private static final int END_SILENCE_FRAMES = 13;
    private static final String[] REPLY = {"[joy] Hello", " there, my friend!", " I am so happy", " to hear from you today.",
        " Let us talk."};
    private static final String REPLY_TEXT = "Hello there, my friend! I am so happy to hear from you today. Let us talk.";

    private final ManualVoiceClock clock = new ManualVoiceClock();
    private final InMemoryEventJournal journal = new InMemoryEventJournal();
    private final EventBus bus = new EventBus(journal, Clock.fixed(ManualVoiceClock.EPOCH, ZoneOffset.UTC),
            Thread.ofVirtual().factory());
    private final Subscription subscription = bus.subscribe("voice-session-test", TopicFilter.ALL, 100_000);
    private final List<Event> seen = new ArrayList<>();
    private final ListChatHistory history = new ListChatHistory();
    private final ScriptedLanguageModel model = new ScriptedLanguageModel();
    private final ScriptedSpeechToText stt = new ScriptedSpeechToText("Hello Miku");
    /** Transcriptions, history writes and players: real threads, for the player blocks while it paces. */
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("voice-test-", 0).factory());
    private VoiceLoop loop;
    private VoiceSession session;
    private VoiceSettings settings = VoiceSettings.DEFAULTS; // Whisper starts at a 150 ms pause

    private VoiceSession open(ToneTextToSpeech herVoice, TurnAudioSink output) {
        ChatEngine chat = new ChatEngine(new FixedCharacters(), history, LongTermMemory.NONE, model, ReplyVoice.UNAVAILABLE,
                bus, Clock.fixed(ManualVoiceClock.EPOCH, ZoneOffset.UTC), Runnable::run, () -> new ChatSettings(4096, 0));
        loop = new VoiceLoop(chat, history, new FixedCharacters(), stt, herVoice, new LoudnessDetector(), bus, clock, work,
                () -> settings);
        session = loop.open(null, null, output);
        return session;
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
        work.shutdownNow();
        bus.close();
    }

    @Test
    void aTurnIsTranscribedAnsweredAndSpokenInPacedChunksWithItsEventsInOrder() throws Exception {
        RecordingOutput out = new RecordingOutput(clock, -1);
        open(new ToneTextToSpeech(0.3), out);
        model.replies(REPLY);

        mic(20, 0.3); // 640 ms of the streamer's speech
        mic(END_SILENCE_FRAMES, 0);
        Event end = await(EventTypes.SPEECH_FINISHED, e -> Boolean.TRUE.equals(e.data().get("turn_end")));
        out.awaitTurnEnd();

        assertThat(stt.heard).singleElement().satisfies(audio -> assertThat(audio.samples())
                .as("the turn's speech and Silero's 30 ms pad, not the silence that ended it").hasSize((640 + 30) * 16));
        String turnId = (String) end.data().get("turn_id");
        assertThat(seen).allSatisfy(e -> assertThat(e.data()).containsEntry("turn_id", turnId));
        assertThat(seen.stream().filter(e -> !e.type().startsWith("speech.")).map(Event::type).toList())
                .containsExactly(EventTypes.STT_TRANSCRIPT, EventTypes.CHAT_MESSAGE, EventTypes.CHAT_TOKEN,
                        EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN,
                        EventTypes.CHAT_RESPONSE);
        assertThat(seen.getFirst().type()).isEqualTo(EventTypes.STT_TRANSCRIPT);
        assertThat(seen.getFirst().data()).containsEntry("text", "Hello Miku").containsEntry("origin", "voice");
        assertThat(seen.stream().filter(e -> e.type().startsWith("speech.")).map(VoiceSessionTest::speechStep).toList())
                .as("each chunk starts and finishes in order, then the turn ends")
                .containsExactly("started 0", "finished 0", "started 1", "finished 1", "started 2", "finished 2", "turn end");

        List<Event> started = seen.stream().filter(e -> e.type().equals(EventTypes.SPEECH_STARTED)).toList();
        assertThat(started.stream().map(e -> e.data().get("text")).toList())
                .containsExactly("Hello there, my friend!", "I am so happy to hear from you today.", "Let us talk.");
        assertThat(started).allSatisfy(e -> {
            float[] envelope = EventPayload.decode(e.data(), SpeechStarted.class).envelope();
            int words = ToneTextToSpeech.words((String) e.data().get("text"));
            assertThat(e.data()).containsEntry("envelope_ms", 20).containsEntry("sample_rate", 16_000);
            assertThat(envelope).as("one loudness value per 20 ms").hasSize(words * ToneTextToSpeech.WORD_MS / 20);
            for (float v : envelope) {
                assertThat(v).isEqualTo(0.3f);
            }
        });
        @SuppressWarnings("unchecked")
        Map<String, Double> latency = (Map<String, Double>) started.getFirst().data().get("latency");
        assertThat(latency).as("engines that take no time: her first audio is the VAD hangover after the speech end")
                .containsEntry(TurnTimeline.VAD_HANGOVER, 416.0).containsEntry(TurnTimeline.FIRST_AUDIO, 416.0)
                .containsEntry(TurnTimeline.STT_WAIT, 160.0).containsEntry(TurnTimeline.OVERHEAD, 0.0);
        assertThat(latency.get(TurnTimeline.STT)).as("Whisper ran within the silence (the mic thread moves the clock meanwhile)")
                .isBetween(0.0, 256.0);
        assertThat(started.get(1).data()).doesNotContainKey("latency");
        assertThat(end.data()).containsEntry("interrupted", false).containsEntry("text", REPLY_TEXT);
        assertThat(loop.latency().report().turns()).isEqualTo(1);

        List<RecordingOutput.Sent> sent = out.sent;
        assertThat(sent).hasSize(40 + 90 + 30 + 1); // 4, 9 and 3 words of 200 ms in 20 ms frames, then the end
        long start = sent.getFirst().atNanos();
        for (int k = 0; k < 160; k++) {
            VoiceFrames.AudioFrame frame = sent.get(k).frame();
            assertThat(frame.seq()).isEqualTo(k);
            assertThat(frame.chunk()).isEqualTo(k < 40 ? 0 : k < 130 ? 1 : 2);
            assertThat(frame.chunkEnd()).isEqualTo(k == 39 || k == 129 || k == 159);
            assertThat(frame.samples()).hasSize(320);
            assertThat(sent.get(k).atNanos()).as("frame %d goes out 60 ms before it plays, never sooner", k)
                    .isEqualTo(Math.max(start, start + k * 20_000_000L - 60_000_000L));
        }
        assertThat(sent.getLast().frame().turnEnd()).isTrue();
        assertThat(sent.getLast().frame().seq()).isEqualTo(160);
        assertThat(sent.getLast().frame().samples()).isEmpty();

        assertThat(history.all()).singleElement().satisfies(e -> {
            assertThat(e.userMessage()).isEqualTo("Hello Miku");
            assertThat(e.response()).isEqualTo(REPLY_TEXT);
            assertThat(e.emotion()).isEqualTo("joy");
            assertThat(e.interrupted()).isFalse();
        });
        assertThat(session.state()).isEqualTo(new TurnState.Listening());
    }

    @Test
    void bargeInStopsHerWithinAFrameAndTheHistoryKeepsOnlyWhatWasHeard() throws Exception {
        RecordingOutput out = new RecordingOutput(clock, 20); // held as frame 20 (400 ms into her reply) goes out
        open(new ToneTextToSpeech(0.1), out); // her voice at -20 dBFS
        model.replies(REPLY);

        mic(20, 0.3);
        mic(END_SILENCE_FRAMES, 0);
        out.awaitHeld();
        await(EventTypes.CHAT_RESPONSE, e -> true); // the reply is written and stored: she is cut off after that
        assertThat(session.state()).isInstanceOf(TurnState.Speaking.class);
        long start = out.sent.getFirst().atNanos();
        mic(3, 0.5); // the streamer talks over her at -6 dBFS: 96 ms, past the 80 ms barge-in time
        long cut = clock.nanos();

        Event interrupted = await(EventTypes.SPEECH_FINISHED, e -> Boolean.TRUE.equals(e.data().get("interrupted")));
        assertThat(cut - start).isEqualTo(436_000_000L); // frame 20 went out at 340 ms (60 ms ahead), then 96 ms
        // 436 of chunk 0's 800 ms: two of its four words had played.
        assertThat(EventPayload.decode(interrupted.data(), SpeechFinished.class).heardMs()).isEqualTo(436L);
        assertThat(interrupted.data()).containsEntry("heard_text", "Hello there,")
                .containsEntry("turn_end", true).containsEntry("reason", "the streamer talked over her (barge-in)");
        assertThat(session.state()).isEqualTo(new TurnState.Listening());

        Exchange kept = history.awaitInterrupted();
        assertThat(kept.response()).isEqualTo("Hello there,");
        assertThat(kept.userMessage()).isEqualTo("Hello Miku");
        assertThat(kept.emotion()).isEqualTo("joy");
        assertThat(history.all()).hasSize(1);

        out.release();
        out.awaitTurnEnd();
        assertThat(out.frames().stream().map(VoiceFrames.AudioFrame::seq).toList())
                .as("nothing after the frame being sent when she was cut, then the end of the turn")
                .containsExactly(java.util.stream.LongStream.rangeClosed(0, 21).boxed().toArray(Long[]::new));
        assertThat(out.frames().getLast().turnEnd()).isTrue();
        assertThat(seen.stream().filter(e -> e.type().equals(EventTypes.SPEECH_FINISHED)).toList())
                .as("chunk 0 never finished").containsExactly(interrupted);
        assertThat(model.last().cancelled()).as("the reply had been written in full").isFalse();
    }

    @Test
    void bargeInWhileTheReplyStillStreamsCancelsItAndStoresWhatWasHeard() throws Exception {
        RecordingOutput out = new RecordingOutput(clock, 20);
        open(new ToneTextToSpeech(0.1), out);
        model.begins("[joy] Hello", " there, my friend!", " I am so"); // and the model is still writing

        mic(20, 0.3);
        mic(END_SILENCE_FRAMES, 0);
        out.awaitHeld();
        mic(3, 0.5);

        Exchange kept = history.awaitInterrupted();
        assertThat(kept.userMessage()).isEqualTo("Hello Miku");
        assertThat(kept.response()).isEqualTo("Hello there,");
        assertThat(history.all()).as("only what was heard is stored, once").hasSize(1);
        Event cancelled = await(EventTypes.ERROR_OCCURRED, e -> "cancelled".equals(e.data().get("reason")));
        assertThat(cancelled.data()).containsEntry("partial_text", "Hello there, my friend! I am so");
        assertThat(model.last().cancelled()).as("the model stops writing").isTrue();
        assertThat(seen).noneMatch(e -> e.type().equals(EventTypes.CHAT_RESPONSE));
        out.release();
        out.awaitTurnEnd();
    }

    @Test
    void herOwnVoiceComingBackIntoTheMicrophoneNeitherStopsHerNorStartsATurn() throws Exception {
        RecordingOutput out = new RecordingOutput(clock, 20);
        open(new ToneTextToSpeech(0.3), out); // her voice at -10.5 dBFS
        model.replies(REPLY);

        mic(20, 0.3);
        mic(END_SILENCE_FRAMES, 0);
        out.awaitHeld();
        mic(10, 0.2); // 320 ms of speech in the microphone, quieter than she is sent: her echo
        assertThat(session.state()).as("the echo does not stop her").isInstanceOf(TurnState.Speaking.class);

        out.release();
        Event end = await(EventTypes.SPEECH_FINISHED, e -> Boolean.TRUE.equals(e.data().get("turn_end")));
        assertThat(end.data()).containsEntry("interrupted", false).containsEntry("text", REPLY_TEXT);
        mic(10, 0.2); // her echo in the room just after she stopped, within the 300 ms tail
        mic(END_SILENCE_FRAMES + 5, 0);

        assertThat(stt.heard).as("only the streamer's turn was ever transcribed").hasSize(1);
        assertThat(session.state()).isEqualTo(new TurnState.Listening());
        assertThat(history.all()).singleElement().satisfies(e -> assertThat(e.interrupted()).isFalse());
    }

    @Test
    void speakingAgainBeforeHerReplyIsHeardMakesOneLongerTurnAndDropsTheReplyUnstored() throws Exception {
        RecordingOutput out = new RecordingOutput(clock, -1);
        open(new ToneTextToSpeech(0.3), out);
        model.begins("[joy] Well"); // nothing she can say yet
        model.replies(REPLY);

        mic(20, 0.3);
        mic(END_SILENCE_FRAMES, 0);
        await(EventTypes.CHAT_TOKEN, e -> true); // her reply has begun
        assertThat(session.state()).isInstanceOf(TurnState.Replying.class);
        mic(20, 0.3); // the silence was a pause: the streamer goes on
        mic(END_SILENCE_FRAMES, 0);
        Event end = await(EventTypes.SPEECH_FINISHED, e -> Boolean.TRUE.equals(e.data().get("turn_end")));

        assertThat(model.calls()).hasSize(2);
        assertThat(model.calls().getFirst().cancelled()).as("the first reply is stopped").isTrue();
        assertThat(stt.heard).hasSize(2);
        float[] first = stt.heard.get(0).samples();
        float[] both = stt.heard.get(1).samples();
        assertThat(both.length).as("Whisper hears both parts at once").isGreaterThan(first.length + 19 * LoudnessDetector.FRAME);
        assertThat(java.util.Arrays.copyOf(both, first.length)).isEqualTo(first);
        assertThat(end.data()).containsEntry("text", REPLY_TEXT);
        assertThat(history.all()).as("the dropped reply is not stored").singleElement()
                .satisfies(e -> assertThat(e.response()).isEqualTo(REPLY_TEXT));
    }

    @Test
    void aPauseShorterThanTheEndSilenceThenMoreSpeechIsOneTurnAndTheDroppedGuessLeavesNoTrace() throws Exception {
        RecordingOutput out = new RecordingOutput(clock, -1);
        open(new ToneTextToSpeech(0.3), out);
        model.replies(REPLY);
        stt.hold();

        mic(20, 0.3);
        mic(8, 0); // 256 ms: past the 150 ms pause, short of the 400 ms end
        stt.awaitCalls(1); // Whisper works on the guess...
        mic(20, 0.3); // ... and the streamer goes on: the guess is dropped, its Whisper still runs
        mic(END_SILENCE_FRAMES, 0); // no second guess while it does; the end of the turn asks Whisper
        stt.awaitCalls(2);
        stt.release();
        stt.release(); // the guess's transcript comes after she resumed: discarded
        Event end = await(EventTypes.SPEECH_FINISHED, e -> Boolean.TRUE.equals(e.data().get("turn_end")));
        out.awaitTurnEnd();

        float[] guess = stt.heard.get(0).samples();
        float[] whole = stt.heard.get(1).samples();
        assertThat(stt.heard).hasSize(2);
        assertThat(whole.length).as("the turn's Whisper hears both parts at once").isEqualTo((640 + 256 + 640 + 30) * 16);
        assertThat(java.util.Arrays.copyOf(whole, guess.length)).isEqualTo(guess);
        assertThat(seen.stream().filter(e -> !e.type().startsWith("speech.")).map(Event::type).toList())
                .as("one transcript, one message, one reply: nothing of the guess, not even an error")
                .containsExactly(EventTypes.STT_TRANSCRIPT, EventTypes.CHAT_MESSAGE, EventTypes.CHAT_TOKEN,
                        EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN, EventTypes.CHAT_TOKEN,
                        EventTypes.CHAT_RESPONSE);
        assertThat(seen).allSatisfy(e -> assertThat(e.data()).containsEntry("turn_id", end.data().get("turn_id")));
        assertThat(model.calls()).as("the model was asked once, for the whole turn").hasSize(1);
        assertThat(history.all()).singleElement().satisfies(e -> assertThat(e.response()).isEqualTo(REPLY_TEXT));
        assertThat(out.frames().stream().map(VoiceFrames.AudioFrame::turnId).distinct().toList()).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Double> latency = (Map<String, Double>) end.data().get("latency");
        assertThat(latency).as("Whisper was asked at the end, not at a pause").containsEntry(TurnTimeline.STT_WAIT, 416.0);
    }

    @Test
    void aConfirmedEndAnswersSoonerWithSpeculationThanWithout() throws Exception {
        Map<String, Double> without = firstLatency(0);
        Map<String, Double> with = firstLatency(150);

        // Whisper takes 96 ms of the mic's time; the model and Piper none.
        assertThat(without).containsEntry(TurnTimeline.STT_WAIT, 416.0).containsEntry(TurnTimeline.STT, 96.0)
                .containsEntry(TurnTimeline.FIRST_AUDIO, 512.0).containsEntry(TurnTimeline.OVERHEAD, 0.0);
        assertThat(with).as("Whisper started at the pause and was done when the silence was confirmed")
                .containsEntry(TurnTimeline.STT_WAIT, 160.0).containsEntry(TurnTimeline.VAD_HANGOVER, 416.0)
                .containsEntry(TurnTimeline.FIRST_AUDIO, 416.0).containsEntry(TurnTimeline.OVERHEAD, 0.0);
        assertThat(with.get(TurnTimeline.FIRST_AUDIO))
                .as("her answer comes before the hangover and Whisper one after the other would allow")
                .isLessThan(with.get(TurnTimeline.VAD_HANGOVER) + with.get(TurnTimeline.STT))
                .isLessThan(without.get(TurnTimeline.FIRST_AUDIO));
    }

    /** One turn whose Whisper takes 3 frames (96 ms) of the mic's time; the latency of her first chunk. */
    @SuppressWarnings("unchecked")
    private Map<String, Double> firstLatency(int speculateMs) throws Exception {
        if (session != null) {
            session.close();
        }
        seen.clear();
        settings = VoiceSettings.DEFAULTS.withSpeculation(speculateMs);
        RecordingOutput out = new RecordingOutput(clock, -1);
        open(new ToneTextToSpeech(0.3), out);
        model.replies(REPLY);
        stt.hold();
        int calls = stt.heard.size();
        mic(20, 0.3);
        int before = speculateMs > 0 ? 5 : END_SILENCE_FRAMES; // silence frames before Whisper is asked
        mic(before, 0);
        stt.awaitCalls(calls + 1);
        mic(3, 0);
        stt.release();
        mic(Math.max(0, END_SILENCE_FRAMES - before - 3), 0); // the rest of the silence that ends the turn, if any
        Event first = await(EventTypes.SPEECH_STARTED, e -> e.data().containsKey("latency"));
        out.awaitTurnEnd();
        return (Map<String, Double>) first.data().get("latency");
    }

    /** Frames of a square wave whose RMS is {@code amplitude}, each after 32 ms on the clock, as a microphone delivers them. */
    private void mic(int frames, double amplitude) {
        for (int n = 0; n < frames; n++) {
            float[] frame = new float[LoudnessDetector.FRAME];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (float) (i % 2 == 0 ? amplitude : -amplitude);
            }
            clock.advanceMillis(FRAME_MS);
            session.accept(frame);
        }
    }

    /** The next event of this type that matches, in publication order; every event up to it is kept in {@link #seen}. */
    private Event await(String type, Predicate<Event> matches) throws InterruptedException {
        for (Event e : seen) {
            if (e.type().equals(type) && matches.test(e)) {
                return e;
            }
        }
        while (true) {
            Event e = subscription.poll(Duration.ofSeconds(10));
            if (e == null) {
                return fail("no %s came; seen: %s", type, seen.stream().map(Event::type).toList());
            }
            seen.add(e);
            if (e.type().equals(type) && matches.test(e)) {
                return e;
            }
        }
    }

    private static String speechStep(Event e) {
        if (e.type().equals(EventTypes.SPEECH_STARTED)) {
            return "started " + e.data().get("chunk");
        }
        return Boolean.TRUE.equals(e.data().get("turn_end")) ? "turn end" : "finished " + e.data().get("chunk");
    }
}
