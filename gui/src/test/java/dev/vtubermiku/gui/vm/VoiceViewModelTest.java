package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.VoiceBackends;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.LatencyReport;
import dev.vtubermiku.protocol.VoiceFrames;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hands-free talk and the latency panel against a real backend: real /ws, Silero VAD, Whisper (its
 * text scripted, the fixture model has no weights), the echo LLM, the fixture Piper voice. The
 * microphone is fed jfk.wav in real time; the sound card records what it would play.
 */
class VoiceViewModelTest {

    private static final int RATE = VoiceBackends.RATE;
    private static final Duration T = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    private static TestBackend backend;
    private static short[] jfk;
    private static final java.util.concurrent.atomic.AtomicReference<@Nullable String> transcript = VoiceBackends.NEXT_TRANSCRIPT;
    private final UiThread ui = new UiThread();
    private CommandCenterModel model;

    @BeforeAll
    static void startBackend() {
        jfk = VoiceBackends.jfk();
        backend = VoiceBackends.start(dir, Backends.freePort());
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.close();
        }
        ui.close();
        transcript.set(null);
    }

    private VoiceViewModel start(FakeSound sound) {
        model = new CommandCenterModel(new BackendClient(Backends.base(backend.port()), null), ui, sound);
        model.start();
        ui.await("the characters and devices", () -> model.chat().picker().activeProperty().get() != null
                && model.chat().devices().inputs().size() == sound.inputs().size());
        return model.voice();
    }

    private List<VoiceState> states(VoiceViewModel voice) {
        List<VoiceState> seen = new CopyOnWriteArrayList<>();
        ui.run(() -> voice.stateProperty().addListener((o, a, b) -> seen.add(b)));
        return seen;
    }

    @Test
    void talkStreamsTheMicrophoneAndPlaysHerVoiceInOrderAndTheLatencyShows() {
        FakeSound sound = new FakeSound(List.of("Speakers"), List.of("Mic"), null);
        VoiceViewModel voice = start(sound);
        List<VoiceState> seen = states(voice);
        ui.run(voice::toggle);
        ui.await("listening", T, () -> voice.stateProperty().get() == VoiceState.LISTENING);
        assertThat(sound.voiceOutputs).hasSize(1);
        FakeSound.FakeVoiceOutput out = sound.voiceOutputs.getFirst();

        transcript.set("Hello there, Miku.");
        sound.say(Arrays.copyOfRange(jfk, 0, (int) (2.3 * RATE)));
        ui.await("her reply, spoken to the end", T, () -> seen.contains(VoiceState.SPEAKING)
                && voice.stateProperty().get() == VoiceState.LISTENING);
        assertThat(seen).containsSubsequence(VoiceState.HEARING, VoiceState.THINKING, VoiceState.SPEAKING, VoiceState.LISTENING);
        assertThat(ui.call(() -> voice.heardProperty().get())).isEqualTo("Hello there, Miku.");

        // The conversation shows the transcript and her streamed reply, as for a typed line.
        ui.await("the voice turn in the conversation", T, () -> model.chat().lines().stream()
                .anyMatch(l -> l.role() == ChatLine.Role.USER && l.textProperty().get().equals("Hello there, Miku.")));
        ui.await("her finished reply", T, () -> model.chat().lines().stream().anyMatch(l -> l.role() == ChatLine.Role.CHARACTER
                && !l.streamingProperty().get() && l.textProperty().get().contains("Hello there, Miku.")));

        // Every frame she sent was played, in seq order, without gaps.
        ui.await("the queue played out", T, () -> out.queue.isEmpty() && out.played.size() == out.written.size());
        assertThat(out.written).isNotEmpty();
        assertThat(out.played).containsExactlyElementsOf(out.written);
        for (int i = 1; i < out.played.size(); i++) {
            assertThat(out.played.get(i).seq()).isEqualTo(out.played.get(i - 1).seq() + 1);
        }
        assertThat(out.played).allSatisfy(f -> assertThat(f.samples()).isNotEmpty());
        assertThat(voice.framesPlayed()).isEqualTo(out.written.size());
        assertThat(out.drops).isZero();

        // The Status tab's latency: this turn's stages from its events, p50/p95 from /api/metrics/latency.
        LatencyViewModel latency = model.latency();
        ui.await("the turn's stage times", T, () -> !latency.turns().isEmpty() && !Double.isNaN(latency.turns().getFirst().firstAudioMs()));
        TurnLatency turn = ui.call(() -> latency.turns().getFirst());
        assertThat(turn.transcriptMs()).isPositive();
        assertThat(turn.firstTokenMs()).isGreaterThanOrEqualTo(turn.transcriptMs());
        assertThat(turn.firstChunkMs()).isGreaterThanOrEqualTo(turn.firstTokenMs());
        assertThat(turn.firstAudioMs()).isGreaterThanOrEqualTo(turn.firstChunkMs());
        assertThat(turn.interrupted()).isFalse();
        ui.await("the percentiles", T, () -> latency.stages().stream().anyMatch(s -> s.name().equals("first_audio_ms") && s.count() >= 1));
        LatencyReport.Stage firstAudio = ui.call(() -> latency.stages().stream().filter(s -> s.name().equals("first_audio_ms"))
                .findFirst().orElseThrow());
        assertThat(firstAudio.p95Ms()).isGreaterThanOrEqualTo(firstAudio.p50Ms()).isPositive();

        ui.run(voice::toggle);
        assertThat(ui.call(() -> voice.stateProperty().get())).isEqualTo(VoiceState.OFF);
        ui.await("the player closed", () -> out.closed);
    }

    @Test
    void bargeInStopsHerAndDropsTheQueuedAudio() {
        FakeSound sound = new FakeSound(List.of("Speakers"), List.of("Mic"), null);
        VoiceViewModel voice = start(sound);
        List<VoiceState> seen = states(voice);
        ui.run(voice::start);
        ui.await("listening", T, () -> voice.stateProperty().get() == VoiceState.LISTENING);
        FakeSound.FakeVoiceOutput out = sound.voiceOutputs.getFirst();

        // The echo LLM repeats this: a long reply, many chunks.
        StringBuilder story = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            story.append("This is sentence number ").append(i).append(" of a long story about a cat. ");
        }
        transcript.set(story.toString().strip());
        sound.say(Arrays.copyOfRange(jfk, 0, (int) (2.3 * RATE)));
        ui.await("her speaking for a while", T, () -> voice.stateProperty().get() == VoiceState.SPEAKING && out.played.size() > 25);

        sound.say(Arrays.copyOfRange(jfk, (int) (0.3 * RATE), (int) (2.2 * RATE)));
        ui.await("the barge-in", T, () -> seen.contains(VoiceState.INTERRUPTED));
        assertThat(out.drops).isGreaterThanOrEqualTo(1);
        assertThat(out.queue).as("queued speech is dropped").isEmpty();
        String turn = out.written.getFirst().turnId().toString();
        LatencyViewModel latency = model.latency();
        ui.await("the interrupted turn in the latency panel", T, () -> latency.turns().stream()
                .anyMatch(t -> t.turnId().equals(turn) && t.interrupted()));
        // Nothing of the interrupted turn is played after the drop (the server stops sending; late frames are ignored).
        int written = (int) out.written.stream().filter(f -> f.turnId().toString().equals(turn)).count();
        int played = (int) out.played.stream().filter(f -> f.turnId().toString().equals(turn)).count();
        assertThat(played).isLessThanOrEqualTo(written);
        List<VoiceFrames.AudioFrame> spoken = out.written.stream().filter(f -> f.turnId().toString().equals(turn)).toList();
        double sentMs = spoken.stream().mapToInt(f -> f.samples().length).sum() * 1000.0 / spoken.getFirst().sampleRate();
        assertThat(sentMs).as("far less than the twelve sentences").isLessThan(20_000);
    }

    @Test
    void withoutAMicrophoneTalkSaysSoAndStaysOff() {
        VoiceViewModel voice = start(FakeSound.none());
        ui.run(voice::toggle);
        assertThat(ui.call(() -> voice.activeProperty().get())).isFalse();
        assertThat(ui.call(() -> voice.stateProperty().get())).isEqualTo(VoiceState.OFF);
        assertThat(ui.call(() -> voice.detailProperty().get())).startsWith("No microphone");
    }

    @Test
    void withoutAnOutputDeviceHerRepliesAreShownNotPlayed() {
        FakeSound sound = new FakeSound(List.of(), List.of("Mic"), null);
        VoiceViewModel voice = start(sound);
        ui.run(voice::start);
        ui.await("listening", T, () -> voice.stateProperty().get() == VoiceState.LISTENING);
        assertThat(ui.call(() -> voice.detailProperty().get())).startsWith("No audio output device");
        assertThat(sound.voiceOutputs).isEmpty();
    }
}
