package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.protocol.ObsInfo;
import dev.vtubermiku.protocol.ObsSettingsRequest;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.Problem.FieldError;
import dev.vtubermiku.protocol.VtsExpressionsRequest;
import dev.vtubermiku.protocol.VtsInfo;
import dev.vtubermiku.server.onair.OnAir;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** On air: the VTube Studio plugin and OBS control, their state, connect buttons and mappings. */
final class OnAirController {

    /** Longest hotkey, scene or source name accepted (OBS and VTube Studio names are short). */
    static final int MAX_NAME_CHARS = 256;
    static final Set<String> EMOTIONS = Arrays.stream(Emotion.values()).map(Emotion::wire)
            .collect(Collectors.toUnmodifiableSet());
    static final Set<String> SCENE_KEYS = Set.copyOf(union(EMOTIONS, Set.of("speaking", "idle")));

    private final OnAir onAir;
    private final ObjectMapper json;

    OnAirController(OnAir onAir, ObjectMapper json) {
        this.onAir = onAir;
        this.json = json;
    }

    @OpenApi(path = "/api/vts", methods = HttpMethod.GET, tags = "on air",
            summary = "The VTube Studio plugin: state, the current model's hotkeys, the emotion → hotkey map",
            description = "state: off (VTS_URL not set), connecting, awaiting_approval (click Allow in VTube Studio), connected, "
                    + "denied (POST /api/vts/connect asks again) or unreachable (retried with backoff). The hotkey list is "
                    + "refreshed in the background by this call.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = VtsInfo.class)))
    void vts(Context ctx) {
        ctx.json(onAir.vtsInfo());
    }

    @OpenApi(path = "/api/vts/connect", methods = HttpMethod.POST, tags = "on air",
            summary = "Connect to VTube Studio now (or retry); without a token VTube Studio shows its Allow popup",
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = VtsInfo.class)),
                @OpenApiResponse(status = "409", description = "VTS_URL is not set",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void vtsConnect(Context ctx) {
        var vts = onAir.vts();
        if (vts == null) {
            throw notConfigured("VTS_URL", "ws://127.0.0.1:8001");
        }
        vts.connectNow();
        ctx.status(202).json(onAir.vtsInfo());
    }

    @OpenApi(path = "/api/vts/expressions", methods = HttpMethod.PUT, tags = "on air",
            summary = "Replace the emotion → VTube Studio hotkey map (kept in the store)",
            description = "Keys: neutral, joy, sadness, anger, surprise, fear, disgust, smirk. Values: a hotkey name or id "
                    + "of the model in VTube Studio. An emotion left out triggers nothing.",
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = VtsExpressionsRequest.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = VtsInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void vtsExpressions(Context ctx) throws IOException {
        VtsExpressionsRequest request = JsonBodies.read(ctx, json, VtsExpressionsRequest.class);
        if (request.expressionMap() == null) {
            throw ProblemException.invalidParam("expression_map", "is required (an object of emotion: hotkey)");
        }
        onAir.vtsExpressions(checked("expression_map", request.expressionMap(), EMOTIONS));
        ctx.json(onAir.vtsInfo());
    }

    @OpenApi(path = "/api/obs", methods = HttpMethod.GET, tags = "on air",
            summary = "OBS control: state, OBS's scenes, the caption source and the scene map",
            description = "state: off (OBS_URL not set), connecting, connected, auth_failed (OBS_PASSWORD wrong or missing; "
                    + "not retried until it changes or POST /api/obs/connect) or unreachable (retried with backoff). "
                    + "The scene list is refreshed in the background by this call.",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = ObsInfo.class)))
    void obs(Context ctx) {
        ctx.json(onAir.obsInfo());
    }

    @OpenApi(path = "/api/obs/connect", methods = HttpMethod.POST, tags = "on air",
            summary = "Connect to OBS now (or retry)",
            responses = {
                @OpenApiResponse(status = "202", content = @OpenApiContent(from = ObsInfo.class)),
                @OpenApiResponse(status = "409", description = "OBS_URL is not set",
                        content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void obsConnect(Context ctx) {
        var obs = onAir.obs();
        if (obs == null) {
            throw notConfigured("OBS_URL", "ws://127.0.0.1:4455");
        }
        obs.connectNow();
        ctx.status(202).json(onAir.obsInfo());
    }

    @OpenApi(path = "/api/obs/settings", methods = HttpMethod.PUT, tags = "on air",
            summary = "Choose the caption text source and the scene per state or emotion (kept in the store)",
            description = "caption_source: an OBS text source (empty: OBS_CAPTION_SOURCE). scene_map keys: speaking, idle, "
                    + "or an emotion (neutral, joy, sadness, anger, surprise, fear, disgust, smirk); values: OBS scene names. "
                    + "A field left out keeps its value.",
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = ObsSettingsRequest.class), required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ObsInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void obsSettings(Context ctx) throws IOException {
        ObsSettingsRequest request = JsonBodies.read(ctx, json, ObsSettingsRequest.class);
        String source = request.captionSource();
        if (source != null) {
            String problem = nameProblem(source, true);
            if (problem != null) {
                throw ProblemException.invalidParam("caption_source", problem);
            }
        }
        Map<String, String> scenes = request.sceneMap() == null ? null : checked("scene_map", request.sceneMap(), SCENE_KEYS);
        if (source == null && scenes == null) {
            throw ProblemException.badRequest("Send caption_source, scene_map or both.");
        }
        onAir.obsSettings(source == null ? null : source.trim(), scenes);
        ctx.json(onAir.obsInfo());
    }

    /** A mapping with known keys and sensible names, or a 400 naming every bad entry. */
    private static Map<String, String> checked(String field, Map<String, String> map, Set<String> keys) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String k = key == null ? "" : key.trim().toLowerCase(java.util.Locale.ROOT);
            if (!keys.contains(k)) {
                errors.add(new FieldError(field + "." + key, "is not one of " + String.join(", ", keys.stream().sorted().toList())));
                return;
            }
            String problem = value == null ? "must be a name" : nameProblem(value, false);
            if (problem != null) {
                errors.add(new FieldError(field + "." + key, problem));
                return;
            }
            out.put(k, value.trim());
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(field + " has " + errors.size() + " invalid "
                    + (errors.size() == 1 ? "entry" : "entries") + ".", errors);
        }
        return out;
    }

    private static @org.jspecify.annotations.Nullable String nameProblem(String value, boolean emptyAllowed) {
        if (!emptyAllowed && value.isBlank()) {
            return "must not be empty";
        }
        if (value.length() > MAX_NAME_CHARS) {
            return "must be at most " + MAX_NAME_CHARS + " characters";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    private static ProblemException notConfigured(String key, String example) {
        return new ProblemException(409, Problems.type("not-configured"), "Not configured",
                key + " is not set: set it (e.g. " + key + "=" + example + ") in .env and restart.", null);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
