package dev.vtubermiku.server.onair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * obs-websocket v5 as protocol.md describes it: Hello (with a fresh challenge and salt when a
 * password is set), Identify checked against the password (close code 4009 when wrong), Identified,
 * then requests: GetSceneList, SetInputSettings on existing inputs, SetCurrentProgramScene.
 */
final class FakeObs extends FakeWsServer {

    static final List<String> SCENES = List.of("Just chatting", "Happy corner", "BRB");
    static final String CAPTION_INPUT = "Miku caption";

    private final @Nullable String password;
    private final Map<Object, String[]> challenges = new ConcurrentHashMap<>();
    final Map<String, String> inputText = new ConcurrentHashMap<>();
    volatile String programScene = "BRB";

    FakeObs(@Nullable String password) {
        this.password = password;
    }

    @Override
    void connected(WsContext ctx) {
        ObjectNode hello = JSON.createObjectNode().put("op", 0);
        ObjectNode d = hello.putObject("d").put("obsStudioVersion", "30.2.2").put("obsWebSocketVersion", "5.5.2")
                .put("rpcVersion", 1);
        if (password != null) {
            String challenge = random();
            String salt = random();
            challenges.put(ctx.session, new String[] {challenge, salt});
            d.putObject("authentication").put("challenge", challenge).put("salt", salt);
        }
        ctx.send(hello.toString());
    }

    @Override
    void message(WsMessageContext ctx, JsonNode message) throws java.io.IOException {
        JsonNode d = message.path("d");
        switch (message.path("op").asInt()) {
            case 1 -> {
                if (password != null) {
                    String[] cs = challenges.get(ctx.session);
                    String expected = b64sha(b64sha(password + cs[1]) + cs[0]);
                    if (!expected.equals(d.path("authentication").asText())) {
                        ctx.closeSession(4009, "Authentication failed.");
                        return;
                    }
                }
                ctx.send("{\"op\":2,\"d\":{\"negotiatedRpcVersion\":1}}");
            }
            case 6 -> {
                ObjectNode reply = JSON.createObjectNode().put("op", 7);
                ObjectNode r = reply.putObject("d");
                String type = d.path("requestType").asText();
                r.put("requestType", type).put("requestId", d.path("requestId").asText());
                JsonNode data = d.path("requestData");
                boolean ok = true;
                String comment = null;
                switch (type) {
                    case "GetSceneList" -> {
                        var scenes = r.putObject("responseData").put("currentProgramSceneName", programScene).putArray("scenes");
                        for (int i = SCENES.size() - 1; i >= 0; i--) { // OBS lists the bottom scene first
                            scenes.addObject().put("sceneIndex", i).put("sceneName", SCENES.get(i));
                        }
                    }
                    case "SetInputSettings" -> {
                        String input = data.path("inputName").asText();
                        ok = input.equals(CAPTION_INPUT);
                        if (ok) {
                            inputText.put(input, data.path("inputSettings").path("text").asText());
                        } else {
                            comment = "No source was found by the name of `" + input + "`.";
                        }
                    }
                    case "SetCurrentProgramScene" -> {
                        String scene = data.path("sceneName").asText();
                        ok = SCENES.contains(scene);
                        if (ok) {
                            programScene = scene;
                        } else {
                            comment = "No source was found by the name of `" + scene + "`.";
                        }
                    }
                    default -> {
                        ok = false;
                        comment = "Your request type is not valid.";
                    }
                }
                ObjectNode status = r.putObject("requestStatus").put("result", ok).put("code", ok ? 100 : 600);
                if (comment != null) {
                    status.put("comment", comment);
                }
                ctx.send(reply.toString());
            }
            default -> ctx.closeSession(4004, "Unknown OpCode.");
        }
    }

    @Override
    List<JsonNode> ofType(String type) {
        return received.stream().map(Received::message)
                .filter(m -> m.path("op").asInt() == 6 && m.path("d").path("requestType").asText().equals(type)).toList();
    }

    /** Identify messages received (one per authentication attempt). */
    long identifies() {
        return received.stream().filter(r -> r.message().path("op").asInt() == 1).count();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The protocol's hashing, written here on its own so the client's is checked against the spec, not itself. */
    private static String b64sha(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
