package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.core.speech.TextToSpeech;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.server.App;
import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Her voice in the overlay, end to end: a typed chat with {@code speak: true} on the real speaking
 * path (the fake LLM over HTTP, the real Piper engine on the fixture voice, whose silence is replaced
 * by a tone that rises and falls like syllables), her audio over {@code /ws} to the page in headless
 * Chromium, played with WebAudio: the caption and the mouth follow it, and the envelope-to-mouth
 * delay is measured in the page (frame arrival, and the moment it is heard, to the rendered weight).
 */
class OverlayVoiceTest {

    static final String TOKEN = "overlay-voice-token-51be";
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    FakeLlmServer llm;
    TestBackend backend;
    HeadlessChromium browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    @Test
    void aTypedChatWithSpeakPlaysHerVoiceInTheOverlayWithCaptionsAndMouthInTime() throws Exception {
        OverlayScenes.assumeBuilt("dev.vtubermiku.server.speech.VoiceListeners", "her voice to /ws listeners (issue 11 item 1)");
        Path fixtures = Fixtures.dir();
        llm = new FakeLlmServer();
        llm.script(Script.reply("[joy] ", "Hello there, chat!", " It is so good to see every one of you today."));
        backend = TestBackend.start(dir, Map.of("LLM_BASE_URL", llm.baseUrl(), "API_TOKEN", TOKEN, "VOICE_PLAYBACK", "overlay",
                        "PIPER_MODEL_PATH", fixtures.resolve("piper/test_voice.onnx").toString()),
                new App.EngineWrappers(UnaryOperator.identity(), Syllables::new));
        browser = HeadlessChromium.start(640, 360, dir);
        browser.open("http://127.0.0.1:" + backend.port() + "/overlay?token=" + TOKEN);
        browser.await("a connection with running audio", T,
                s -> Boolean.TRUE.equals(s.get("connected")) && Boolean.TRUE.equals(s.get("audioRunning")) && s.get("avatarKind") != null);

        CompletableFuture<HttpResponse<String>> reply = HttpClient.newHttpClient().sendAsync(
                backend.request("/api/chat", "Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"Say hi to chat\",\"speak\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());

        Map<String, Object> speaking = browser.await("her voice, caption and open mouth", T,
                s -> number(s.get("framesPlayed")) > 0 && Boolean.TRUE.equals(s.get("captionVisible")) && number(s.get("mouth")) > 0.3);
        assertThat((String) speaking.get("caption")).startsWith("Hello there");
        assertThat(speaking.get("emotion")).isEqualTo("joy");
        assertThat(number(OverlayBrowserTest.avatar(speaking).get("scale"))).isGreaterThan(1.01);
        assertThat(reply.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        Map<String, Object> after = browser.await("the caption fading after she stops", T,
                s -> !Boolean.TRUE.equals(s.get("captionVisible")) && number(s.get("mouth")) == 0);
        assertThat(number(after.get("framesSkipped"))).as("no frame twice, none dropped").isZero();
        @SuppressWarnings("unchecked")
        Map<String, List<Number>> delays = (Map<String, List<Number>>) after.get("delays");
        List<Double> arrival = doubles(delays.get("arrivalToRender"));
        List<Double> due = doubles(delays.get("dueToRender"));
        System.out.printf(Locale.ROOT, "overlay envelope-to-mouth: frames=%d heard->rendered p50=%.1f p95=%.1f ms;"
                        + " arrived->rendered p50=%.1f p95=%.1f ms (includes the audio buffer)%n",
                due.size(), percentile(due, 50), percentile(due, 95), percentile(arrival, 50), percentile(arrival, 95));
        // One sample per frame that a rendered frame caught (a busy machine renders fewer frames).
        assertThat(due).hasSizeGreaterThan(10);
        assertThat(percentile(due, 95)).as("ms from a frame heard to its mouth weight rendered, p95").isLessThanOrEqualTo(50);
    }

    static List<Double> doubles(List<Number> values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.doubleValue()));
        return out;
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static double number(@Nullable Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Piper runs for real (the fixture voice, silence); what it returns becomes a 220 Hz tone in 4 Hz syllables. */
    private record Syllables(TextToSpeech real) implements TextToSpeech {
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
                short[] tone = new short[audio.samples().length];
                int rate = audio.sampleRate();
                for (int i = 0; i < tone.length; i++) {
                    double t = (double) i / rate;
                    double syllable = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
                    tone[i] = (short) (0.3 * 32767 * syllable * Math.sin(2 * Math.PI * 220 * t));
                }
                return new SpokenAudio(tone, rate);
            });
        }
    }
}
