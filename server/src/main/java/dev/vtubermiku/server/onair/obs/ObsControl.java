package dev.vtubermiku.server.onair.obs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.server.onair.Backoff;
import dev.vtubermiku.server.onair.OnAirStore;
import dev.vtubermiku.server.onair.RemoteLink;
import dev.vtubermiku.server.onair.SpeechCue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OBS control over obs-websocket v5 (protocol.md of obsproject/obs-websocket): Hello, Identify
 * (with the challenge answer when OBS asks for a password), Identified; then requests. Her caption
 * goes into the chosen text source per chunk ({@code SetInputSettings}, field {@code text}) and is
 * cleared a moment after her turn ends; the scene switches by state ({@code speaking}, {@code idle})
 * or emotion when the scene map names one. A refused password (close code 4009) is the state
 * {@code auth_failed}, not a retry loop.
 */
public final class ObsControl extends RemoteLink<ObsState> {

    private static final Logger log = LoggerFactory.getLogger(ObsControl.class);
    /** WebSocketCloseCode::AuthenticationFailed. */
    static final int AUTHENTICATION_FAILED = 4009;
    static final int RPC_VERSION = 1;

    private final OnAirStore store;
    private final Supplier<String> password;
    private final Supplier<String> defaultCaptionSource;
    private final Duration captionHold;
    private volatile List<String> scenes = List.of();
    private volatile String captionSource;
    private volatile Map<String, String> sceneMap;
    private @Nullable String lastScene;
    private @Nullable ScheduledFuture<?> clearCaption;
    private long sequence;

    /**
     * @param password OBS_PASSWORD as it is now (read at each connection)
     * @param defaultCaptionSource OBS_CAPTION_SOURCE, used until a source is chosen through the API
     * @param captionHold how long her last caption stays after her turn ends
     */
    public ObsControl(URI uri, OnAirStore store, Supplier<String> password, Supplier<String> defaultCaptionSource,
            ObjectMapper json, Backoff backoff, Duration connectTimeout, Duration heartbeat, Duration captionHold) {
        super("OBS", uri, json, backoff, connectTimeout, heartbeat, ObsState.CONNECTING, ObsState.UNREACHABLE);
        this.store = store;
        this.password = password;
        this.defaultCaptionSource = defaultCaptionSource;
        this.captionHold = captionHold;
        this.captionSource = store.obsCaptionSource().orElse("");
        this.sceneMap = Map.copyOf(store.obsScenes());
    }

    public void start() {
        connectNow();
    }

    /** OBS_PASSWORD changed: a connection that failed on the old one is tried again at once. */
    public void passwordChanged() {
        post(() -> {
            if (state() == ObsState.AUTH_FAILED || state() == ObsState.UNREACHABLE) {
                connectNow();
            }
        });
    }

    public List<String> scenes() {
        return scenes;
    }

    /** The text source her captions go to: the one chosen through the API, else OBS_CAPTION_SOURCE. */
    public String captionSource() {
        return captionSource.isEmpty() ? defaultCaptionSource.get() : captionSource;
    }

    public Map<String, String> sceneMap() {
        return sceneMap;
    }

    /** Changes what the API may change; null leaves a setting as it is. Kept in the store. */
    public void settings(@Nullable String source, @Nullable Map<String, String> map) {
        if (source != null) {
            store.obsCaptionSource(source);
            captionSource = source;
        }
        if (map != null) {
            store.obsScenes(map);
            sceneMap = Map.copyOf(map);
        }
    }

    /** Asks OBS for its scenes again; the answer comes later. */
    public void refreshScenes() {
        post(() -> {
            if (state() == ObsState.CONNECTED) {
                request("GetSceneList", null);
            }
        });
    }

    /** One of her speech events; returns at once. */
    public void cue(SpeechCue cue) {
        postCue(() -> {
            if (state() != ObsState.CONNECTED) {
                return;
            }
            switch (cue.kind()) {
                case STARTED -> {
                    cancelClear();
                    caption(cue.text());
                    String scene = cue.emotion() == null ? null : sceneMap.get(cue.emotion());
                    scene(scene != null ? scene : sceneMap.get("speaking"));
                }
                case FINISHED -> {
                    if (cue.turnEnd() || cue.interrupted()) {
                        cancelClear();
                        clearCaption = loop.schedule(() -> caption(""), captionHold.toMillis(), TimeUnit.MILLISECONDS);
                        scene(sceneMap.get("idle"));
                    }
                }
                case MOOD -> scene(cue.emotion() == null ? null : sceneMap.get(cue.emotion()));
            }
        });
    }

    private void caption(String text) {
        String source = captionSource();
        if (source.isEmpty() || state() != ObsState.CONNECTED) {
            return;
        }
        ObjectNode data = json.createObjectNode();
        data.put("inputName", source);
        data.putObject("inputSettings").put("text", text);
        data.put("overlay", true);
        request("SetInputSettings", data);
    }

    private void scene(@Nullable String scene) {
        if (scene == null || scene.isEmpty() || scene.equals(lastScene)) {
            return;
        }
        lastScene = scene;
        ObjectNode data = json.createObjectNode();
        data.put("sceneName", scene);
        request("SetCurrentProgramScene", data);
    }

    private void cancelClear() {
        if (clearCaption != null) {
            clearCaption.cancel(false);
            clearCaption = null;
        }
    }

    @Override
    protected void ping() {
        if (state() == ObsState.CONNECTED) { // before Identified OBS takes nothing but Identify
            request("GetSceneList", null); // keeps the scene list fresh too
        }
    }

    @Override
    protected void opened() {
        lastScene = null;
        change(ObsState.CONNECTING, "waiting for OBS's Hello");
    }

    @Override
    protected void received(JsonNode message) {
        JsonNode d = message.path("d");
        switch (message.path("op").asInt(-1)) {
            case 0 -> hello(d);
            case 2 -> {
                up(ObsState.CONNECTED, "connected to OBS");
                request("GetSceneList", null);
            }
            case 7 -> response(d);
            case 5 -> { } // events: none subscribed, ignored if sent
            default -> log.debug("OBS sent op {}; ignored", message.path("op").asText("?"));
        }
    }

    private void hello(JsonNode d) {
        ObjectNode identify = json.createObjectNode();
        identify.put("op", 1);
        ObjectNode data = identify.putObject("d");
        data.put("rpcVersion", RPC_VERSION);
        data.put("eventSubscriptions", 0);
        JsonNode auth = d.path("authentication");
        if (auth.isObject()) {
            String secret = password.get();
            if (secret.isEmpty()) {
                stop(ObsState.AUTH_FAILED, "OBS asks for a password: set OBS_PASSWORD (OBS: Tools, WebSocket Server Settings)");
                return;
            }
            data.put("authentication", ObsAuth.answer(secret, auth.path("salt").asText(""), auth.path("challenge").asText("")));
        }
        send(identify);
    }

    private void response(JsonNode d) {
        String type = d.path("requestType").asText("");
        JsonNode status = d.path("requestStatus");
        if (!status.path("result").asBoolean(false)) {
            String comment = status.path("comment").asText("code " + status.path("code").asText("?"));
            String what = switch (type) {
                case "SetInputSettings" -> "the caption source \"" + captionSource() + "\"";
                case "SetCurrentProgramScene" -> "switching scenes";
                default -> type;
            };
            change(ObsState.CONNECTED, "connected; OBS refused " + what + ": " + comment);
            return;
        }
        if (type.equals("GetSceneList")) {
            List<String> names = new ArrayList<>();
            for (JsonNode scene : d.path("responseData").path("scenes")) {
                String name = scene.path("sceneName").asText("");
                if (!name.isEmpty() && names.size() < 500) {
                    names.add(name);
                }
            }
            scenes = List.copyOf(names.reversed()); // OBS lists the bottom scene first
        }
    }

    private void request(String type, @Nullable ObjectNode data) {
        ObjectNode message = json.createObjectNode();
        message.put("op", 6);
        ObjectNode d = message.putObject("d");
        d.put("requestType", type);
        d.put("requestId", "vm-" + (++sequence));
        if (data != null) {
            d.set("requestData", data);
        }
        send(message);
    }

    @Override
    protected void peerClosed(int code, String reason) {
        if (code == AUTHENTICATION_FAILED) {
            stop(ObsState.AUTH_FAILED, "OBS refused the password: check OBS_PASSWORD against OBS's WebSocket Server Settings");
        } else {
            super.peerClosed(code, reason);
        }
    }

    @Override
    public ServiceHealth health() {
        return switch (state()) {
            case CONNECTED -> detail().startsWith("connected;")
                    ? ServiceHealth.degraded(ServiceId.OBS, detail(), "choose a caption source and scenes that exist in OBS (On air tab)")
                    : ServiceHealth.ok(ServiceId.OBS, detail());
            case OFF, CONNECTING -> new ServiceHealth(ServiceId.OBS, ServiceState.STARTING, detail(), null);
            case AUTH_FAILED -> ServiceHealth.unavailable(ServiceId.OBS, detail(),
                    "set OBS_PASSWORD to the password in OBS (Tools, WebSocket Server Settings)");
            case UNREACHABLE -> ServiceHealth.unavailable(ServiceId.OBS, detail(),
                    "start OBS and enable its WebSocket server (Tools, WebSocket Server Settings); retried automatically");
        };
    }
}
