package dev.vtubermiku.gui.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.protocol.AvatarExpressionsRequest;
import dev.vtubermiku.protocol.AvatarInfo;
import dev.vtubermiku.protocol.ConfigResponse;
import dev.vtubermiku.protocol.ConfigUpdateResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The On air tab's calls: her avatar (CONTRACTS §2), VTube Studio and OBS (§3), where her voice
 * plays ({@code VOICE_PLAYBACK}, §1) and the overlay's address.
 */
public final class OnAirApi {

    public static final String VOICE_PLAYBACK = "VOICE_PLAYBACK";

    private final BackendClient client;

    public OnAirApi(BackendClient client) {
        this.client = client;
    }

    /** The OBS browser source address for her, with the token when this window has one. */
    public String overlayUrl(@Nullable Long characterId) {
        StringBuilder url = new StringBuilder(client.base().resolve("/overlay").toString());
        String sep = "?";
        if (characterId != null) {
            url.append(sep).append("character_id=").append(characterId);
            sep = "&";
        }
        if (client.token() != null) {
            url.append(sep).append("token=").append(URLEncoder.encode(client.token(), StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    public CompletableFuture<AvatarInfo> avatar(long characterId) {
        return client.get(avatarPath(characterId), AvatarInfo.class);
    }

    public CompletableFuture<AvatarInfo> uploadAvatar(long characterId, String fileName, byte[] content) {
        return client.putMultipart(avatarPath(characterId),
                new Multipart().file("file", fileName, "application/octet-stream", content), AvatarInfo.class);
    }

    public CompletableFuture<JsonNode> removeAvatar(long characterId) {
        return client.delete(avatarPath(characterId));
    }

    public CompletableFuture<AvatarInfo> remapAvatar(long characterId, Map<String, String> expressionMap) {
        return client.put(avatarPath(characterId) + "/expressions", new AvatarExpressionsRequest(expressionMap), AvatarInfo.class);
    }

    /** One of her avatar's files, by the {@code url} its description gives. */
    public CompletableFuture<byte[]> avatarFile(String url) {
        return client.getBytes(url);
    }

    public CompletableFuture<RemoteStudio> vts() {
        return studio("/api/vts", RemoteStudio::vts);
    }

    public CompletableFuture<JsonNode> connectVts() {
        return client.post("/api/vts/connect", null, JsonNode.class);
    }

    public CompletableFuture<JsonNode> mapVts(Map<String, String> expressionMap) {
        return client.put("/api/vts/expressions", Map.of("expression_map", expressionMap), JsonNode.class);
    }

    public CompletableFuture<RemoteStudio> obs() {
        return studio("/api/obs", RemoteStudio::obs);
    }

    public CompletableFuture<JsonNode> connectObs() {
        return client.post("/api/obs/connect", null, JsonNode.class);
    }

    public CompletableFuture<JsonNode> obsSettings(String captionSource, Map<String, String> sceneMap) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caption_source", captionSource);
        body.put("scene_map", sceneMap);
        return client.put("/api/obs/settings", body, JsonNode.class);
    }

    /** Where her voice plays now (desktop, overlay or both); empty on a backend without the setting. */
    public CompletableFuture<Optional<String>> voicePlayback() {
        return client.get("/api/config", ConfigResponse.class).thenApply(c -> c.entries().stream()
                .filter(e -> e.key().equals(VOICE_PLAYBACK)).map(ConfigResponse.Entry::value).findFirst());
    }

    public CompletableFuture<ConfigUpdateResponse> setVoicePlayback(String where) {
        return client.post("/api/config", Map.of(VOICE_PLAYBACK, where), ConfigUpdateResponse.class);
    }

    private CompletableFuture<RemoteStudio> studio(String path, Function<JsonNode, RemoteStudio> read) {
        return client.get(path, JsonNode.class).handle((node, error) -> {
            if (error == null) {
                return read.apply(node);
            }
            BackendException api = BackendException.of(error);
            if (api != null && (api.status() == 404 || api.status() == 405)) {
                return RemoteStudio.absent(); // a backend without VTS/OBS control
            }
            throw error instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(error);
        });
    }

    private static String avatarPath(long characterId) {
        return "/api/characters/" + characterId + "/avatar";
    }
}
