package dev.vtubermiku.server.onair.vts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.protocol.VtsInfo;
import dev.vtubermiku.server.logging.SecretMasker;
import dev.vtubermiku.server.onair.Backoff;
import dev.vtubermiku.server.onair.OnAirStore;
import dev.vtubermiku.server.onair.RemoteLink;
import dev.vtubermiku.server.onair.SpeechCue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VTube Studio plugin (its public API, README of DenchiSoft/VTubeStudio). With no stored token
 * it asks for one ({@code AuthenticationTokenRequest}: VTube Studio shows a popup the user allows
 * once), keeps it, and authenticates with it from then on. While she speaks it sets {@code MouthOpen}
 * from the chunk's loudness envelope every tick (50 Hz), and 0 when she is silent (re-sent twice a
 * second, since VTube Studio forgets a parameter not fed for a second). Her emotion triggers the
 * hotkey the expression map names. A refused or revoked token is the state {@code denied}, not a
 * retry loop; anything else that breaks the connection is retried with backoff.
 */
public final class VtsPlugin extends RemoteLink<VtsState> {

    private static final Logger log = LoggerFactory.getLogger(VtsPlugin.class);
    static final String PLUGIN_NAME = "VtuberMiku";
    static final String PLUGIN_DEVELOPER = "VtuberMiku project";
    static final String MOUTH = "MouthOpen";
    /** Secret name of the granted token in the masker. */
    static final String TOKEN_SECRET = "VTube Studio token";
    private static final long IDLE_RESEND_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long HOTKEY_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final OnAirStore store;
    private final SecretMasker masker;
    private final Duration tick;
    private final MouthTrack mouth = new MouthTrack();
    private volatile List<VtsInfo.Hotkey> hotkeys = List.of();
    private volatile Map<String, String> expressions;
    private @Nullable String lastEmotion;
    private long sequence;
    private double lastSent = -1;
    private long lastSentNanos;
    private long lastTickNanos;
    private long hotkeysAskedNanos = Long.MIN_VALUE / 2;
    private int lastErrorId = -1;

    /**
     * @param tick how often the mouth is updated while she speaks (20 ms: 50 Hz)
     */
    public VtsPlugin(URI uri, OnAirStore store, SecretMasker masker, ObjectMapper json, Backoff backoff,
            Duration connectTimeout, Duration heartbeat, Duration tick) {
        super("VTube Studio", uri, json, backoff, connectTimeout, heartbeat, VtsState.CONNECTING, VtsState.UNREACHABLE);
        this.store = store;
        this.masker = masker;
        this.tick = tick;
        this.expressions = Map.copyOf(store.vtsExpressions());
        store.vtsToken().ifPresent(token -> masker.granted(TOKEN_SECRET, token));
    }

    /** Connects and starts the mouth ticks. */
    public void start() {
        loop.scheduleAtFixedRate(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        connectNow();
    }

    /** One of her speech events; returns at once (the work is done on the plugin's loop). */
    public void cue(SpeechCue cue) {
        postCue(() -> {
            mouth.apply(cue);
            if (cue.kind() != SpeechCue.Kind.FINISHED && cue.emotion() != null && !cue.emotion().equals(lastEmotion)) {
                lastEmotion = cue.emotion();
                String hotkey = expressions.get(cue.emotion());
                if (hotkey != null && state() == VtsState.CONNECTED) {
                    ObjectNode message = request("HotkeyTriggerRequest");
                    message.putObject("data").put("hotkeyID", hotkey);
                    send(message);
                    log.debug("VTube Studio hotkey {} for {}", hotkey, cue.emotion());
                }
            }
        });
    }

    public List<VtsInfo.Hotkey> hotkeys() {
        return hotkeys;
    }

    public Map<String, String> expressions() {
        return expressions;
    }

    /** Replaces the emotion → hotkey map (kept in the store). */
    public void expressions(Map<String, String> map) {
        store.vtsExpressions(map);
        expressions = Map.copyOf(map);
    }

    /** Asks VTube Studio for the current model's hotkeys again (at most every 2 s); the answer comes later. */
    public void refreshHotkeys() {
        post(() -> {
            long now = System.nanoTime();
            if (state() == VtsState.CONNECTED && now - hotkeysAskedNanos >= HOTKEY_REFRESH_NANOS) {
                askHotkeys(now);
            }
        });
    }

    @Override
    protected void ping() {
        send(request("APIStateRequest")); // answered before authentication too
    }

    @Override
    protected void opened() {
        lastEmotion = null;
        lastErrorId = -1;
        var token = store.vtsToken();
        if (token.isPresent()) {
            change(VtsState.CONNECTING, "authenticating with VTube Studio");
            authenticate(token.get());
        } else {
            ObjectNode message = request("AuthenticationTokenRequest");
            message.putObject("data").put("pluginName", PLUGIN_NAME).put("pluginDeveloper", PLUGIN_DEVELOPER);
            send(message);
            change(VtsState.AWAITING_APPROVAL, "click \"Allow\" in VTube Studio's popup to let VtuberMiku move your model");
        }
    }

    @Override
    protected void received(JsonNode message) {
        JsonNode data = message.path("data");
        switch (message.path("messageType").asText("")) {
            case "AuthenticationTokenResponse" -> {
                String token = data.path("authenticationToken").asText("");
                if (token.isBlank()) {
                    lost("VTube Studio granted an empty token");
                    return;
                }
                masker.granted(TOKEN_SECRET, token);
                store.vtsToken(token);
                authenticate(token);
            }
            case "AuthenticationResponse" -> {
                if (data.path("authenticated").asBoolean(false)) {
                    up(VtsState.CONNECTED, "connected to VTube Studio");
                    askHotkeys(System.nanoTime());
                } else {
                    forgetToken();
                    stop(VtsState.DENIED, "VTube Studio refused the stored token (access revoked?): connect again and click \"Allow\"");
                }
            }
            case "HotkeysInCurrentModelResponse" -> hotkeys = hotkeyList(data.path("availableHotkeys"));
            case "APIError" -> apiError(data.path("errorID").asInt(-1), data.path("message").asText(""));
            case "InjectParameterDataResponse", "HotkeyTriggerResponse", "APIStateResponse" -> { }
            default -> log.debug("VTube Studio sent {}; ignored", message.path("messageType").asText("a message without a type"));
        }
    }

    private void apiError(int id, String text) {
        switch (id) {
            case 50 -> stop(VtsState.DENIED, "access was denied in VTube Studio: connect again to be asked once more");
            case 8 -> {
                forgetToken();
                stop(VtsState.DENIED, "VTube Studio revoked the plugin's access: connect again and click \"Allow\"");
            }
            case 1 -> lost("VTube Studio's plugin API is switched off: turn on \"Start API\" in its settings");
            case 51 -> change(VtsState.AWAITING_APPROVAL, "VTube Studio is already showing the popup: click \"Allow\" there");
            default -> {
                if (id != lastErrorId) { // the same error 50 times a second is one line
                    lastErrorId = id;
                    log.warn("VTube Studio answered error {}: {}", id, text);
                    if (state() == VtsState.CONNECTED) {
                        change(VtsState.CONNECTED, "connected; VTube Studio's last error: " + text + " (" + id + ")");
                    }
                }
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (now - lastTickNanos < tick.toNanos() / 2) {
            return; // a late tick's catch-up run: one value per tick is enough
        }
        lastTickNanos = now;
        if (state() != VtsState.CONNECTED) {
            return;
        }
        boolean speaking = mouth.speaking(now);
        double value = speaking ? mouth.value(now) : 0;
        if (speaking || lastSent != 0 || now - lastSentNanos >= IDLE_RESEND_NANOS) {
            ObjectNode message = request("InjectParameterDataRequest");
            ObjectNode data = message.putObject("data");
            data.put("mode", "set");
            data.putArray("parameterValues").addObject().put("id", MOUTH).put("value", value);
            if (send(message)) {
                lastSent = value;
                lastSentNanos = now;
            }
        }
    }

    private void authenticate(String token) {
        ObjectNode message = request("AuthenticationRequest");
        message.putObject("data").put("pluginName", PLUGIN_NAME).put("pluginDeveloper", PLUGIN_DEVELOPER)
                .put("authenticationToken", token);
        send(message);
    }

    private void askHotkeys(long now) {
        hotkeysAskedNanos = now;
        send(request("HotkeysInCurrentModelRequest"));
    }

    private void forgetToken() {
        store.vtsToken("");
        masker.granted(TOKEN_SECRET, null);
    }

    private ObjectNode request(String type) {
        ObjectNode message = json.createObjectNode();
        message.put("apiName", "VTubeStudioPublicAPI");
        message.put("apiVersion", "1.0");
        message.put("requestID", "vm-" + (++sequence));
        message.put("messageType", type);
        return message;
    }

    private static List<VtsInfo.Hotkey> hotkeyList(JsonNode available) {
        List<VtsInfo.Hotkey> out = new ArrayList<>();
        for (JsonNode hotkey : available) {
            String id = hotkey.path("hotkeyID").asText("");
            if (!id.isEmpty() && out.size() < 500) {
                out.add(new VtsInfo.Hotkey(id, hotkey.path("name").asText("")));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public ServiceHealth health() {
        return switch (state()) {
            case CONNECTED -> ServiceHealth.ok(ServiceId.VTS, detail());
            case OFF, CONNECTING -> new ServiceHealth(ServiceId.VTS, dev.vtubermiku.core.status.ServiceState.STARTING, detail(), null);
            case AWAITING_APPROVAL -> ServiceHealth.degraded(ServiceId.VTS, detail(),
                    "click \"Allow\" in VTube Studio's plugin popup");
            case DENIED -> ServiceHealth.unavailable(ServiceId.VTS, detail(),
                    "press Connect on the On air tab (POST /api/vts/connect) and click \"Allow\" in VTube Studio");
            case UNREACHABLE -> ServiceHealth.unavailable(ServiceId.VTS, detail(),
                    "start VTube Studio and turn on \"Start API\" in its settings (port as in VTS_URL); retried automatically");
        };
    }
}
