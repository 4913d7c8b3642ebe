package dev.vtubermiku.server.onair;

import static dev.vtubermiku.server.onair.OnAirRig.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.VtsInfo;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.onair.vts.VtsState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VTube Studio plugin against a fake VTube Studio speaking its public API. */
class VtsPluginTest {

    @TempDir
    Path dir;

    private FakeVtubeStudio vts;
    private OnAirRig rig;

    @BeforeEach
    void fake() {
        vts = (FakeVtubeStudio) new FakeVtubeStudio().start();
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        vts.close();
    }

    private OnAirRig rig() {
        rig = new OnAirRig(dir, Map.of(ConfigKey.VTS_URL, vts.url())).start();
        return rig;
    }

    private VtsState state() {
        return rig.onAir.vts().state();
    }

    @Test
    void asksForATokenOnceKeepsItMaskedAndAuthenticatesWithItNextTime() {
        rig();
        until("connected", () -> state() == VtsState.CONNECTED);
        assertThat(vts.ofType("AuthenticationTokenRequest")).hasSize(1);
        String token = vts.tokens.iterator().next();
        assertThat(new OnAirStore(rig.database, dev.vtubermiku.protocol.Json.newMapper(), java.time.Clock.systemUTC()).vtsToken())
                .contains(token);
        assertThat(rig.masker.mask("the token is " + token)).isEqualTo("the token is ****");
        until("status ok", () -> rig.status(ServiceId.VTS).equals("ok"));
        until("connected event", () -> rig.states(EventTypes.VTS_STATE).contains("connected"));
        assertThat(rig.states(EventTypes.VTS_STATE)).containsSubsequence("awaiting_approval", "connected");
        until("hotkeys listed", () -> rig.onAir.vtsInfo().hotkeys().size() == 3);
        assertThat(rig.onAir.vtsInfo().hotkeys()).contains(new VtsInfo.Hotkey("hk-smile", "Smile"));
        assertThat(rig.stateEvents).noneSatisfy(e -> assertThat(e.message() + e.data()).contains(token));

        rig.close();
        rig = new OnAirRig(dir, Map.of(ConfigKey.VTS_URL, vts.url())).start();
        until("connected again", () -> state() == VtsState.CONNECTED);
        assertThat(vts.ofType("AuthenticationTokenRequest")).as("the user is asked once").hasSize(1);
        assertThat(vts.ofType("AuthenticationRequest")).hasSize(2)
                .allSatisfy(m -> assertThat(m.path("data").path("authenticationToken").asText()).isEqualTo(token));
        assertThat(rig.masker.mask(token)).as("a kept token is masked from the start").isEqualTo("****");
    }

    @Test
    void aDeniedTokenRequestIsTheStateDeniedAndNoRetryUntilAskedToConnect() throws Exception {
        vts.approve = false;
        rig();
        until("denied", () -> state() == VtsState.DENIED);
        until("denied event", () -> rig.states(EventTypes.VTS_STATE).contains("denied"));
        until("status unavailable", () -> rig.status(ServiceId.VTS).equals("unavailable"));
        Thread.sleep(400); // eight backoff periods of the rig: a retry loop would have reconnected by now
        assertThat(vts.connections).hasValue(1);
        assertThat(vts.ofType("AuthenticationTokenRequest")).hasSize(1);

        vts.approve = true;
        rig.onAir.vts().connectNow();
        until("connected", () -> state() == VtsState.CONNECTED);
        assertThat(vts.ofType("AuthenticationTokenRequest")).hasSize(2);
    }

    @Test
    void aRevokedTokenIsForgottenAndTheStateDeniedWithoutALoop() throws Exception {
        rig();
        until("connected", () -> state() == VtsState.CONNECTED);
        rig.close();
        vts.revokeAll();

        rig = new OnAirRig(dir, Map.of(ConfigKey.VTS_URL, vts.url())).start();
        until("denied", () -> state() == VtsState.DENIED);
        assertThat(rig.onAir.vtsInfo().detail()).contains("refused the stored token");
        assertThat(new OnAirStore(rig.database, dev.vtubermiku.protocol.Json.newMapper(), java.time.Clock.systemUTC()).vtsToken())
                .isEmpty();
        Thread.sleep(400);
        assertThat(vts.connections).hasValue(2);

        rig.onAir.vts().connectNow();
        until("connected with a new token", () -> state() == VtsState.CONNECTED);
        assertThat(vts.ofType("AuthenticationTokenRequest")).hasSize(2);
    }

    @Test
    void mouthOpenFollowsTheEnvelopeAtThirtyHertzOrMoreAndClosesAfterward() {
        rig();
        until("connected", () -> state() == VtsState.CONNECTED);
        float[] envelope = new float[60]; // 1.2 s: 0.6 s quiet (0.05 → 0.2), then 0.6 s loud (0.25 → 1.0)
        Arrays.fill(envelope, 0, 30, 0.05f);
        Arrays.fill(envelope, 30, 60, 0.25f);
        int before = vts.mouth().size();
        rig.speechStarted("turn-1", 0, "Hello there.", "joy", envelope);
        until("the chunk played and the mouth closed", () -> {
            List<FakeWsServer.Received> all = vts.mouth();
            List<FakeWsServer.Received> after = all.subList(before, all.size());
            if (after.isEmpty()) {
                return false;
            }
            return after.stream().anyMatch(r -> FakeVtubeStudio.value(r) > 0.9)
                    && FakeVtubeStudio.value(after.getLast()) == 0;
        });
        List<FakeWsServer.Received> played = vts.mouth();
        List<FakeWsServer.Received> speaking = played.subList(before, played.size()).stream()
                .filter(r -> FakeVtubeStudio.value(r) > 0).toList();
        double seconds = (speaking.getLast().nanos() - speaking.getFirst().nanos()) / 1e9;
        System.out.printf("vts mouth: values=%d seconds=%.3f rate_hz=%.1f%n", speaking.size(), seconds,
                (speaking.size() - 1) / seconds);
        assertThat(seconds).as("the chunk's 1.2 s were played").isGreaterThan(0.9);
        assertThat(speaking.size() - 1).as("values while she spoke over %.2f s", seconds).isGreaterThanOrEqualTo((int) (30 * seconds));
        List<Double> values = speaking.stream().map(FakeVtubeStudio::value).toList();
        assertThat(values).as("quiet half first, then the loud half").isSortedAccordingTo(Double::compare);
        assertThat(values).containsOnly(0.2, 1.0);

        // A second chunk cut off by an interruption: 0 at once, and nothing after it but 0.
        float[] long_ = new float[500];
        Arrays.fill(long_, 0.2f);
        rig.speechStarted("turn-2", 0, "A long story", null, long_);
        int start = vts.mouth().size();
        until("speaking", () -> vts.mouth().stream().skip(start).anyMatch(r -> FakeVtubeStudio.value(r) > 0));
        rig.speechFinished("turn-2", 0, true, true);
        until("closed", () -> FakeVtubeStudio.value(vts.mouth().getLast()) == 0);
        int closedAt = vts.mouth().size();
        until("more idle values", () -> vts.mouth().size() >= closedAt + 1);
        assertThat(vts.mouth().stream().skip(closedAt - 1).toList()).allSatisfy(r -> assertThat(FakeVtubeStudio.value(r)).isZero());
    }

    @Test
    void eachEmotionTriggersItsMappedHotkeyOncePerChange() {
        rig();
        until("connected", () -> state() == VtsState.CONNECTED);
        rig.onAir.vtsExpressions(Map.of("joy", "Smile", "sadness", "hk-tears"));
        float[] quiet = new float[2];
        rig.speechStarted("t1", 0, "Yay!", "joy", quiet);
        rig.speechStarted("t1", 1, "Still happy.", "joy", quiet);
        rig.speechStarted("t2", 0, "Oh no.", "sadness", quiet);
        rig.speechStarted("t3", 0, "Grr.", "anger", quiet);
        rig.bus.publish(EventTypes.CHAT_RESPONSE, Severity.INFO, "reply",
                Map.of("turn_id", "t4", "text", "Better now", "emotion", "joy"));
        until("three hotkeys", () -> vts.ofType("HotkeyTriggerRequest").size() >= 3);
        assertThat(vts.ofType("HotkeyTriggerRequest")).extracting(m -> m.path("data").path("hotkeyID").asText())
                .containsExactly("Smile", "hk-tears", "Smile");
        assertThat(new OnAirStore(rig.database, dev.vtubermiku.protocol.Json.newMapper(), java.time.Clock.systemUTC()).vtsExpressions())
                .isEqualTo(Map.of("joy", "Smile", "sadness", "hk-tears"));
    }

    @Test
    void reconnectsWithItsTokenAfterVtubeStudioRestarts() {
        rig();
        until("connected", () -> state() == VtsState.CONNECTED);
        vts.restart();
        until("connected again", () -> vts.connections.get() >= 2 && state() == VtsState.CONNECTED);
        until("the connected event after the unreachable one", () -> {
            List<String> states = rig.states(EventTypes.VTS_STATE);
            return states.lastIndexOf("connected") > states.indexOf("unreachable") && states.contains("unreachable");
        });
        assertThat(rig.states(EventTypes.VTS_STATE)).containsSubsequence("connected", "unreachable", "connected");
        assertThat(vts.ofType("AuthenticationTokenRequest")).hasSize(1);
    }

    @Test
    void garbageFromTheServerIsAClearStateAndItRecoversWhenTheServerDoes() {
        vts.garbage = true;
        rig();
        until("unreachable", () -> state() == VtsState.UNREACHABLE && rig.onAir.vtsInfo().detail().contains("not its API"));
        until("status unavailable", () -> rig.status(ServiceId.VTS).equals("unavailable"));
        until("retried", () -> vts.connections.get() >= 2);
        vts.garbage = false;
        until("connected", () -> state() == VtsState.CONNECTED);
    }

    @Test
    void messagesOfUnknownTypesAreIgnoredAndTheConnectionKept() {
        rig();
        until("connected", () -> state() == VtsState.CONNECTED);
        rig.onAir.vtsExpressions(Map.of("joy", "Smile"));
        vts.broadcast("{\"apiName\":\"VTubeStudioPublicAPI\",\"messageType\":\"SomeFutureEvent\",\"data\":{}}");
        vts.broadcast("{\"hello\":[1,2,3]}");
        vts.broadcast("{\"apiName\":\"VTubeStudioPublicAPI\",\"messageType\":\"APIError\",\"data\":{\"errorID\":454,\"message\":\"MouthOpen is controlled by another plugin\"}}");
        rig.speechStarted("t1", 0, "Hi", "joy", new float[2]);
        until("the hotkey after them", () -> vts.ofType("HotkeyTriggerRequest").size() == 1);
        assertThat(state()).isEqualTo(VtsState.CONNECTED);
        assertThat(rig.onAir.vtsInfo().detail()).contains("controlled by another plugin");
        assertThat(vts.connections).hasValue(1);
    }
}
