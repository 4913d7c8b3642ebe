package dev.vtubermiku.server.onair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsMessageContext;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * VTube Studio's public API as its README describes it: token requests (approved or denied as the
 * test says, standing for the user's click in the popup), authentication with a token it issued,
 * requests refused with APIError 8 before that, the current model's hotkeys, hotkey triggers and
 * parameter injection.
 */
final class FakeVtubeStudio extends FakeWsServer {

    static final List<String[]> HOTKEYS = List.of(
            new String[] {"hk-smile", "Smile"}, new String[] {"hk-tears", "Tears"}, new String[] {"hk-reset", "Reset"});

    volatile boolean approve = true;
    final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<Object> authenticated = ConcurrentHashMap.newKeySet();

    @Override
    void message(WsMessageContext ctx, JsonNode message) {
        String type = message.path("messageType").asText();
        JsonNode data = message.path("data");
        ObjectNode reply = JSON.createObjectNode();
        reply.put("apiName", "VTubeStudioPublicAPI").put("apiVersion", "1.0").put("timestamp", System.currentTimeMillis())
                .put("requestID", message.path("requestID").asText());
        ObjectNode out = reply.putObject("data");
        boolean session = authenticated.contains(ctx.session);
        switch (type) {
            case "AuthenticationTokenRequest" -> {
                if (approve) {
                    String token = "tok-" + UUID.randomUUID();
                    tokens.add(token);
                    reply.put("messageType", "AuthenticationTokenResponse");
                    out.put("authenticationToken", token);
                } else {
                    error(reply, out, 50, "User has denied API access for your plugin.");
                }
            }
            case "APIStateRequest" -> {
                reply.put("messageType", "APIStateResponse");
                out.put("active", true).put("vTubeStudioVersion", "1.28.0").put("currentSessionAuthenticated", session);
            }
            case "AuthenticationRequest" -> {
                boolean ok = tokens.contains(data.path("authenticationToken").asText())
                        && data.path("pluginName").asText().equals("VtuberMiku");
                if (ok) {
                    authenticated.add(ctx.session);
                }
                reply.put("messageType", "AuthenticationResponse");
                out.put("authenticated", ok).put("reason", ok ? "Token valid." : "Token invalid.");
            }
            case "HotkeysInCurrentModelRequest", "HotkeyTriggerRequest", "InjectParameterDataRequest" -> {
                if (!session) {
                    error(reply, out, 8, "This request requires authentication.");
                } else if (type.equals("HotkeysInCurrentModelRequest")) {
                    reply.put("messageType", "HotkeysInCurrentModelResponse");
                    out.put("modelLoaded", true).put("modelName", "Hiyori");
                    var list = out.putArray("availableHotkeys");
                    for (String[] h : HOTKEYS) {
                        list.addObject().put("name", h[1]).put("type", "ToggleExpression").put("hotkeyID", h[0]);
                    }
                } else if (type.equals("HotkeyTriggerRequest")) {
                    reply.put("messageType", "HotkeyTriggerResponse");
                    out.put("hotkeyID", data.path("hotkeyID").asText());
                } else {
                    reply.put("messageType", "InjectParameterDataResponse");
                }
            }
            default -> error(reply, out, 7, "Unknown request type.");
        }
        ctx.send(reply.toString());
    }

    private static void error(ObjectNode reply, ObjectNode out, int id, String text) {
        reply.put("messageType", "APIError");
        out.put("errorID", id).put("message", text);
    }

    /** The user revokes the plugin's access: tokens stop working, sessions stay until they reconnect. */
    void revokeAll() {
        tokens.clear();
    }

    @Override
    List<JsonNode> ofType(String type) {
        return received.stream().map(Received::message).filter(m -> m.path("messageType").asText().equals(type)).toList();
    }

    /** The MouthOpen values injected, in order, with when each arrived. */
    List<Received> mouth() {
        return received.stream()
                .filter(r -> r.message().path("messageType").asText().equals("InjectParameterDataRequest"))
                .filter(r -> r.message().path("data").path("parameterValues").path(0).path("id").asText().equals("MouthOpen"))
                .toList();
    }

    static double value(Received r) {
        return r.message().path("data").path("parameterValues").path(0).path("value").asDouble();
    }
}
