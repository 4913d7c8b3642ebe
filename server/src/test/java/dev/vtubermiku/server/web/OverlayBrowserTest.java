package dev.vtubermiku.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.TestBackend;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /overlay} in a real browser (headless Chromium), against a real backend: transparent,
 * her portrait on stage, captions and mouth driven by her speech events, and back by itself after the
 * backend restarts.
 */
class OverlayBrowserTest {

    static final String TOKEN = "overlay-test-token-3f9a";
    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

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
    }

    TestBackend start(int port) {
        return TestBackend.start(dir, Map.of("API_TOKEN", TOKEN, "API_PORT", Integer.toString(port)));
    }

    @Test
    void thePageIsTransparentAndShowsHerPortrait() {
        backend = start(0);
        long hana = backend.character("Hana Sato", "A singer.", "Cheerful.");
        browser = HeadlessChromium.start(640, 360, dir);
        browser.open("http://127.0.0.1:" + backend.port() + "/overlay?token=" + TOKEN);

        Map<String, Object> shown = browser.await("her portrait", T,
                s -> "portrait".equals(s.get("avatarKind")) && Boolean.TRUE.equals(s.get("connected")));
        assertThat(shown.get("audioRunning")).as("audio plays without a gesture, as in OBS").isEqualTo(true);
        BufferedImage shot = browser.transparentScreenshot();

        assertThat(shot.getColorModel().hasAlpha()).isTrue();
        for (int[] corner : new int[][] {{0, 0}, {shot.getWidth() - 1, 0}, {0, shot.getHeight() - 1}, {shot.getWidth() - 1, shot.getHeight() - 1}}) {
            assertThat(shot.getRGB(corner[0], corner[1]) >>> 24).as("alpha at %d,%d", corner[0], corner[1]).isZero();
        }
        assertThat(shot.getRGB(shot.getWidth() / 2, shot.getHeight() * 2 / 3) >>> 24).as("alpha of her portrait").isEqualTo(255);
        Object scrollbars = browser.driver().executeScript(
                "return [document.documentElement.scrollWidth > innerWidth, document.documentElement.scrollHeight > innerHeight];");
        assertThat(scrollbars).isEqualTo(List.of(false, false));

        // character.switched: the overlay (no character_id in its URL) follows the active character.
        long before = (long) number(shown.get("characterId"));
        assertThat(backend.post("/api/switch_character", "{\"character_id\":" + hana + "}",
                "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        browser.await("the switch to Hana", T, s -> number(s.get("characterId")) == hana);
        assertThat(before).isNotEqualTo(hana);
    }

    @Test
    void herSpeechShowsTheCaptionOpensTheMouthAndSetsTheExpression() {
        backend = start(0);
        browser = HeadlessChromium.start(1280, 720, dir);
        browser.open("http://127.0.0.1:" + backend.port() + "/overlay?token=" + TOKEN + "&size=large&position=top");
        browser.await("a connection", T, s -> Boolean.TRUE.equals(s.get("connected")) && s.get("avatarKind") != null);

        UUID turn = UUID.randomUUID();
        speechStarted(turn, 0, "Hello there, chat!", "joy", 1500);

        Map<String, Object> speaking = browser.await("her caption and open mouth", T,
                s -> Boolean.TRUE.equals(s.get("captionVisible")) && number(s.get("mouth")) > 0.3);
        assertThat(speaking.get("caption")).isEqualTo("Hello there, chat!");
        assertThat(speaking.get("emotion")).isEqualTo("joy");
        assertThat(number(avatar(speaking).get("scale"))).as("the portrait grows as she speaks").isGreaterThan(1.01);
        Object style = browser.driver().executeScript(
                "const c = getComputedStyle(document.getElementById('caption'));"
                        + " return [c.top, c.fontSize, c.webkitTextStrokeWidth];");
        assertThat(style).asString().contains("60px");
        // The caption fades in (120 ms): the screenshot waits until it is fully shown.
        long shownBy = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (!"1".equals(browser.driver().executeScript("return getComputedStyle(document.getElementById('caption')).opacity;"))) {
            assertThat(System.nanoTime()).as("the caption faded in").isLessThan(shownBy);
            sleep(20);
        }
        BufferedImage shot = browser.transparentScreenshot();
        assertThat(opaquePixels(shot, 0, shot.getHeight() / 4)).as("the caption's pixels at the top").isGreaterThan(500);
        assertThat(shot.getRGB(0, shot.getHeight() - 1) >>> 24).isZero();
        writeOverCheckerboard(shot, Path.of("target", "screenshots", "overlay-over-checkerboard.png"));

        browser.await("the caption fading after she stops", T,
                s -> !Boolean.TRUE.equals(s.get("captionVisible")) && number(s.get("mouth")) == 0);

        // The same chunk again (a replay after a reconnect) is not shown twice.
        speechStarted(turn, 0, "Hello there, chat!", "joy", 1500);
        sleep(600);
        assertThat(browser.state().get("captionVisible")).isEqualTo(false);
    }

    @Test
    void theOverlayResumesByItselfAfterTheBackendRestarts() throws Exception {
        int port = freePort();
        backend = start(port);
        browser = HeadlessChromium.start(640, 360, dir);
        browser.open("http://127.0.0.1:" + port + "/overlay?token=" + TOKEN);
        browser.await("a connection", T, s -> Boolean.TRUE.equals(s.get("connected")) && s.get("avatarKind") != null);
        speechStarted(UUID.randomUUID(), 0, "Before the restart.", "neutral", 300);
        browser.await("the first caption", T, s -> "Before the restart.".equals(s.get("caption")));

        backend.close();
        backend = null;
        browser.await("the lost connection", T, s -> Boolean.FALSE.equals(s.get("connected")));
        assertThat(browser.state().get("avatarKind")).as("her avatar stays on stage while the backend is away").isNotNull();
        sleep(1500);
        backend = start(port);

        Map<String, Object> back = browser.await("the connection again", T, s -> Boolean.TRUE.equals(s.get("connected")));
        assertThat(number(back.get("reconnects"))).isGreaterThanOrEqualTo(1);
        speechStarted(UUID.randomUUID(), 0, "After the restart.", "surprise", 800);
        Map<String, Object> after = browser.await("the caption after the restart", T,
                s -> "After the restart.".equals(s.get("caption")) && Boolean.TRUE.equals(s.get("captionVisible")));
        assertThat(after.get("emotion")).isEqualTo("surprise");
    }

    @Test
    void aVrm1ModelRendersOnTheTransparentCanvasWithItsExpressionAndBlinks() throws Exception {
        backend = start(0);
        browser = HeadlessChromium.start(640, 360, dir);
        browser.open("http://127.0.0.1:" + backend.port() + "/overlay?token=" + TOKEN + "&captions=off");
        browser.await("a connection", T, s -> Boolean.TRUE.equals(s.get("connected")) && s.get("avatarKind") != null);
        String vrm = java.util.Base64.getEncoder().encodeToString(OverlayScenes.resource(OverlayScenes.VRM_SAMPLE));

        // The overlay's own VRM module, in the page, on the checked-in VRM 1.0 sample (three.js and
        // three-vrm from /overlay/vendor): 6 s neutral at 30 steps a second, then 1 s of joy.
        Object result = browser.driver().executeAsyncScript("""
                const [base64, done] = arguments;
                (async () => {
                  const { VrmAvatar } = await import("/overlay/app/vrm.js");
                  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                  const url = URL.createObjectURL(new Blob([bytes], { type: "model/gltf-binary" }));
                  const stage = document.createElement("div");
                  stage.style.cssText = "position:fixed;inset:0";
                  document.body.append(stage);
                  const avatar = await VrmAvatar.create(stage, url);
                  let blinked = 0;
                  for (let i = 0; i < 180; i++) {
                    avatar.update(1 / 30, { mouth: 0, expression: "neutral" });
                    blinked = Math.max(blinked, avatar.readout().weights.blink);
                  }
                  for (let i = 0; i < 30; i++) avatar.update(1 / 30, { mouth: 0.5, expression: "happy" });
                  const happy = avatar.readout();
                  const gl = avatar.renderer.getContext();
                  const pixel = new Uint8Array(4);
                  avatar.update(1 / 30, { mouth: 0.5, expression: "happy" });
                  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
                  done({ happy: happy.weights.happy, blinked, expressions: happy.expressions,
                         cornerAlpha: pixel[3], canvas: stage.querySelector("canvas") !== null });
                })().catch((e) => done({ error: String(e && e.stack || e) }));
                """, vrm);

        @SuppressWarnings("unchecked")
        Map<String, Object> vrmState = (Map<String, Object>) result;
        assertThat(vrmState).as("the VRM renderer's readout").doesNotContainKey("error");
        assertThat(vrmState.get("expressions")).asString().contains("happy", "blink");
        assertThat(number(vrmState.get("happy"))).as("happy after a second of joy").isGreaterThan(0.9);
        assertThat(number(vrmState.get("blinked"))).as("she blinks within 6 s (the first blink comes after 2 to 5 s)").isGreaterThan(0.5);
        assertThat(number(vrmState.get("cornerAlpha"))).as("the WebGL canvas is transparent").isZero();
    }

    @Test
    void anUploadedVrmReplacesHerPortraitLiveAndShowsTheExpressionOfHerEmotion() {
        OverlayScenes.assumeBuilt("dev.vtubermiku.server.avatar.Avatars", "avatar upload (issue 11 item 3)");
        backend = start(0);
        long id = backend.character("Vera", "A VRM character.", "Bright.");
        browser = HeadlessChromium.start(640, 360, dir);
        browser.open("http://127.0.0.1:" + backend.port() + "/overlay?token=" + TOKEN + "&character_id=" + id);
        browser.await("her portrait first", T, s -> "portrait".equals(s.get("avatarKind")) && Boolean.TRUE.equals(s.get("connected")));

        var upload = OverlayScenes.putAvatar(backend, id, "vera.vrm", OverlayScenes.resource(OverlayScenes.VRM_SAMPLE),
                "Authorization", "Bearer " + TOKEN);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);

        // avatar.changed: the page loads the model by itself (files fetched with the Bearer token).
        browser.await("the VRM after avatar.changed", Duration.ofSeconds(60), s -> "vrm".equals(s.get("avatarKind")));
        OverlayScenes.speechStarted(backend, id, UUID.randomUUID(), 0, "I look different now!", "joy", 2000);
        Map<String, Object> joyful = browser.await("the happy expression", T,
                s -> "happy".equals(s.get("expression")) && number(weights(s).get("happy")) > 0.9);
        assertThat(joyful.get("emotion")).isEqualTo("joy");
        assertThat(joyful.get("caption")).isEqualTo("I look different now!");
        assertThat(browser.transparentScreenshot().getRGB(0, 0) >>> 24).as("corner alpha over the WebGL canvas").isZero();

        // Another character's speech does not move her (character_id is fixed).
        OverlayScenes.speechStarted(backend, id + 1000, UUID.randomUUID(), 0, "Not me.", "anger", 800);
        OverlayBrowserTest.sleep(500);
        assertThat(browser.state().get("emotion")).isEqualTo("joy");
    }

    @Test
    void herVoiceIsScheduledWithoutGapsOnceAndDroppedWhenInterrupted() {
        backend = start(0);
        browser = HeadlessChromium.start(640, 360, dir);
        browser.open("http://127.0.0.1:" + backend.port() + "/overlay?token=" + TOKEN);
        browser.await("running audio", T, s -> Boolean.TRUE.equals(s.get("audioRunning")));

        // The overlay's own player on VoiceFrames built in the page (header as protocol VoiceFrames
        // encodes it): 25 frames of 20 ms at 22050 Hz, each sent twice, then an interrupted turn.
        Object result = browser.driver().executeAsyncScript("""
                const done = arguments[0];
                (async () => {
                  const { VoicePlayer, decodeFrame } = await import("/overlay/app/voice.js");
                  const frame = (turnHex, seq, chunk) => {
                    const buffer = new ArrayBuffer(28 + 441 * 2);
                    const view = new DataView(buffer);
                    view.setUint8(0, 1); view.setUint8(1, 0); view.setUint16(2, chunk, true);
                    view.setUint32(4, seq, true); view.setUint32(8, 22050, true);
                    for (let i = 0; i < 16; i++) view.setUint8(12 + i, parseInt(turnHex.substr(2 * i, 2), 16));
                    for (let i = 0; i < 441; i++) view.setInt16(28 + 2 * i, Math.round(8000 * Math.sin(i / 5)), true);
                    return buffer;
                  };
                  const player = new VoicePlayer();
                  player.wake();
                  await player.context.resume();
                  const turn = "0123456789abcdef0123456789abcdef";
                  for (let seq = 0; seq < 25; seq++) {
                    player.play(decodeFrame(frame(turn, seq, seq < 12 ? 0 : 1)), performance.now());
                    player.play(decodeFrame(frame(turn, seq, seq < 12 ? 0 : 1)), performance.now());
                  }
                  const entries = player.timeline.slice();
                  let gaps = 0;
                  for (let i = 1; i < entries.length; i++) gaps += Math.abs(entries[i].start - entries[i - 1].end) > 1e-6 ? 1 : 0;
                  const decoded = decodeFrame(frame(turn, 7, 3));
                  const other = "fedcba9876543210fedcba9876543210";
                  for (let seq = 0; seq < 10; seq++) player.play(decodeFrame(frame(other, seq, 0)), performance.now());
                  const before = player.timeline.length;
                  player.stop("fedcba98-7654-3210-fedc-ba9876543210");
                  const late = player.play(decodeFrame(frame(other, 10, 0)), performance.now());
                  done({ scheduled: entries.length, gaps, skipped: player.framesSkipped, before, after: player.timeline.length,
                         late, turn: decoded.turn, chunk: decoded.chunk, seq: decoded.seq, level: decoded.level,
                         seconds: entries[entries.length - 1].end - entries[0].start, chunk1: player.has(decoded.turn, 1) });
                })().catch((e) => done({ error: String(e && e.stack || e) }));
                """);

        @SuppressWarnings("unchecked")
        Map<String, Object> played = (Map<String, Object>) result;
        assertThat(played).doesNotContainKey("error");
        assertThat(played.get("turn")).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
        assertThat(number(played.get("chunk"))).isEqualTo(3);
        assertThat(number(played.get("seq"))).isEqualTo(7);
        assertThat(number(played.get("level"))).as("RMS of a sine of amplitude 8000/32768").isBetween(0.16, 0.18);
        assertThat(number(played.get("scheduled"))).as("each frame once").isEqualTo(25);
        assertThat(number(played.get("gaps"))).as("back to back").isZero();
        assertThat(number(played.get("seconds"))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.001));
        assertThat(played.get("chunk1")).isEqualTo(true);
        assertThat(number(played.get("before")) - number(played.get("after"))).as("the interrupted turn's frames dropped").isEqualTo(10);
        assertThat(played.get("late")).as("a frame of an interrupted turn is not played").isEqualTo(false);
        assertThat(number(played.get("skipped"))).isEqualTo(26);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> weights(Map<String, Object> state) {
        Map<String, Object> avatar = avatar(state);
        return avatar == null || avatar.get("weights") == null ? Map.of() : (Map<String, Object>) avatar.get("weights");
    }

    void speechStarted(UUID turn, int chunk, String text, String emotion, int durationMs) {
        OverlayScenes.speechStarted(backend, 0, turn, chunk, text, emotion, durationMs);
    }

    static int opaquePixels(BufferedImage image, int fromY, int toY) {
        int count = 0;
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) >>> 24) == 255 ? 1 : 0;
            }
        }
        return count;
    }

    /** The overlay as OBS would show it over a scene: here a checkerboard, so its transparency shows. */
    static void writeOverCheckerboard(BufferedImage overlay, Path file) {
        BufferedImage out = new BufferedImage(overlay.getWidth(), overlay.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        for (int y = 0; y < out.getHeight(); y += 20) {
            for (int x = 0; x < out.getWidth(); x += 20) {
                g.setColor(((x + y) / 20) % 2 == 0 ? new java.awt.Color(0xcccccc) : new java.awt.Color(0x999999));
                g.fillRect(x, y, 20, 20);
            }
        }
        g.drawImage(overlay, 0, 0, null);
        g.dispose();
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            javax.imageio.ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> avatar(Map<String, Object> state) {
        return (Map<String, Object>) state.get("avatar");
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
