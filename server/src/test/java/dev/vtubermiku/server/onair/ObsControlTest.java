package dev.vtubermiku.server.onair;

import static dev.vtubermiku.server.onair.OnAirRig.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.onair.obs.ObsAuth;
import dev.vtubermiku.server.onair.obs.ObsState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OBS control against a fake obs-websocket v5. */
class ObsControlTest {

    static final String PASSWORD = "supersecretpassword";

    @TempDir
    Path dir;

    private FakeObs obs;
    private OnAirRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        if (obs != null) {
            obs.close();
        }
    }

    private OnAirRig rig(String password) {
        rig = new OnAirRig(dir, Map.of(ConfigKey.OBS_URL, obs.url(), ConfigKey.OBS_PASSWORD, password,
                ConfigKey.OBS_CAPTION_SOURCE, FakeObs.CAPTION_INPUT)).start();
        return rig;
    }

    private ObsState state() {
        return rig.onAir.obs().state();
    }

    @Test
    void theAuthenticationStringIsTheOneOfTheProtocol() {
        // protocol.md's example challenge and salt; the expected string computed apart from this code,
        // with Python's hashlib: base64(sha256(base64(sha256(password + salt)) + challenge))
        String salt = "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI=";
        String challenge = "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=";
        assertThat(ObsAuth.answer(PASSWORD, salt, challenge)).isEqualTo("1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4=");
    }

    @Test
    void answersTheChallengeAndListsTheScenesInOrder() {
        obs = (FakeObs) new FakeObs(PASSWORD).start();
        rig(PASSWORD);
        until("connected", () -> state() == ObsState.CONNECTED);
        until("scenes", () -> !rig.onAir.obsInfo().scenes().isEmpty());
        assertThat(rig.onAir.obsInfo().scenes()).containsExactlyElementsOf(FakeObs.SCENES);
        until("status ok", () -> rig.status(ServiceId.OBS).equals("ok"));
        assertThat(obs.received.getFirst().message().path("d").path("rpcVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aWrongPasswordIsAuthFailedWithOneAttemptUntilThePasswordChanges() throws Exception {
        obs = (FakeObs) new FakeObs(PASSWORD).start();
        rig("not-the-password");
        until("auth_failed", () -> state() == ObsState.AUTH_FAILED);
        until("auth_failed event", () -> rig.states(EventTypes.OBS_STATE).contains("auth_failed"));
        until("status unavailable", () -> rig.status(ServiceId.OBS).equals("unavailable"));
        Thread.sleep(400); // eight backoff periods of the rig: a retry storm would have tried again
        assertThat(obs.connections).hasValue(1);
        assertThat(obs.identifies()).isEqualTo(1);
        assertThat(rig.stateEvents).noneSatisfy(e -> assertThat(e.message() + e.data()).contains("not-the-password"));

        rig.config.update(Map.of(ConfigKey.OBS_PASSWORD, PASSWORD)); // as POST /api/config does
        until("connected", () -> state() == ObsState.CONNECTED);
    }

    @Test
    void withoutAPasswordWhereOneIsAskedForItSaysSoAndSendsNothing() throws Exception {
        obs = (FakeObs) new FakeObs(PASSWORD).start();
        rig("");
        until("auth_failed", () -> state() == ObsState.AUTH_FAILED);
        assertThat(rig.onAir.obsInfo().detail()).contains("OBS_PASSWORD");
        Thread.sleep(300);
        assertThat(obs.identifies()).isZero();
        assertThat(obs.connections).hasValue(1);
    }

    @Test
    void captionsPerChunkAndScenesByStateAndEmotion() {
        obs = (FakeObs) new FakeObs(null).start();
        rig("");
        until("connected", () -> state() == ObsState.CONNECTED);
        rig.onAir.obsSettings(null, Map.of("speaking", "Just chatting", "joy", "Happy corner", "idle", "BRB"));
        rig.speechStarted("t1", 0, "Hello there.", null, new float[5]);
        rig.speechStarted("t1", 1, "I am so glad!", "joy", new float[5]);
        rig.speechFinished("t1", 1, false, false);
        rig.speechFinished("t1", 0, true, false);
        until("idle scene and caption cleared", () -> obs.programScene.equals("BRB")
                && obs.ofType("SetInputSettings").size() == 3);
        assertThat(obs.ofType("SetCurrentProgramScene")).extracting(m -> m.path("d").path("requestData").path("sceneName").asText())
                .containsExactly("Just chatting", "Happy corner", "BRB");
        assertThat(obs.ofType("SetInputSettings")).extracting(m -> m.path("d").path("requestData").path("inputSettings").path("text").asText())
                .containsExactly("Hello there.", "I am so glad!", "");
        assertThat(obs.ofType("SetInputSettings")).allSatisfy(m -> {
            assertThat(m.path("d").path("requestData").path("inputName").asText()).isEqualTo(FakeObs.CAPTION_INPUT);
            assertThat(m.path("d").path("requestData").path("overlay").asBoolean()).isTrue();
        });
        assertThat(obs.inputText).containsEntry(FakeObs.CAPTION_INPUT, "");
    }

    @Test
    void aCaptionSourceObsDoesNotKnowIsAClearDetailNotADisconnect() {
        obs = (FakeObs) new FakeObs(null).start();
        rig("");
        until("connected", () -> state() == ObsState.CONNECTED);
        rig.onAir.obsSettings("No such source", null);
        rig.speechStarted("t1", 0, "Hello.", null, new float[5]);
        until("refused", () -> rig.onAir.obsInfo().detail().contains("No such source"));
        assertThat(state()).isEqualTo(ObsState.CONNECTED);
        until("status degraded", () -> rig.status(ServiceId.OBS).equals("degraded"));
        assertThat(obs.connections).hasValue(1);
    }

    @Test
    void reconnectsAfterObsRestarts() {
        obs = (FakeObs) new FakeObs(PASSWORD).start();
        rig(PASSWORD);
        until("connected", () -> state() == ObsState.CONNECTED);
        obs.restart();
        until("connected again", () -> obs.connections.get() >= 2 && state() == ObsState.CONNECTED);
        until("the connected event after the unreachable one", () -> {
            List<String> states = rig.states(EventTypes.OBS_STATE);
            return states.lastIndexOf("connected") > states.indexOf("unreachable") && states.contains("unreachable");
        });
        assertThat(rig.states(EventTypes.OBS_STATE)).containsSubsequence("connected", "unreachable", "connected");
    }

    @Test
    void garbageIsAClearStateAndItRecovers() {
        obs = (FakeObs) new FakeObs(null).start();
        obs.garbage = true;
        rig("");
        // The Hello passes; the Identify is answered with garbage.
        until("unreachable", () -> state() == ObsState.UNREACHABLE && rig.onAir.obsInfo().detail().contains("not its API"));
        until("retried", () -> obs.connections.get() >= 2);
        obs.garbage = false;
        until("connected", () -> state() == ObsState.CONNECTED);
    }
}
