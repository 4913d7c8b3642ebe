package dev.vtubermiku.gui.net;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the On air tab shows of VTube Studio ({@code GET /api/vts}) or OBS ({@code GET /api/obs}):
 * whether it is configured, its connection state, what can be mapped to (VTS hotkey names, OBS
 * scenes) and the mapping (emotion to hotkey; state or emotion to scene). A backend without the
 * endpoint is {@link #absent()}.
 *
 * @param captionSource OBS's text source for her captions ("" for VTS or none)
 */
public record RemoteStudio(boolean configured, String state, String detail, List<String> choices,
        Map<String, String> mapping, String captionSource) {

    public static RemoteStudio absent() {
        return new RemoteStudio(false, "off", "not configured", List.of(), Map.of(), "");
    }

    /** {@code GET /api/vts}: hotkeys by name, {@code expression_map}. */
    static RemoteStudio vts(JsonNode node) {
        List<String> hotkeys = new ArrayList<>();
        node.path("hotkeys").forEach(h -> hotkeys.add(h.path("name").asText(h.path("id").asText(""))));
        return of(node, hotkeys, node.path("expression_map"));
    }

    /** {@code GET /api/obs}: scenes, {@code scene_map}, {@code caption_source}. */
    static RemoteStudio obs(JsonNode node) {
        List<String> scenes = new ArrayList<>();
        node.path("scenes").forEach(s -> scenes.add(s.asText()));
        return of(node, scenes, node.path("scene_map"));
    }

    private static RemoteStudio of(JsonNode node, List<String> choices, JsonNode map) {
        Map<String, String> mapping = new LinkedHashMap<>();
        map.properties().forEach(e -> mapping.put(e.getKey(), e.getValue().asText()));
        return new RemoteStudio(node.path("configured").asBoolean(false), node.path("state").asText("off"),
                node.path("detail").asText(""), List.copyOf(choices), mapping, node.path("caption_source").asText(""));
    }
}
