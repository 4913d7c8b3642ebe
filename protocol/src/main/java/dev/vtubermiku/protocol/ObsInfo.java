package dev.vtubermiku.protocol;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/obs}: OBS control over obs-websocket v5. {@code state} is one of {@code off}
 * (OBS_URL not set), {@code connecting}, {@code connected}, {@code auth_failed} (OBS_PASSWORD is
 * wrong or missing; not retried until it changes or {@code POST /api/obs/connect}) or
 * {@code unreachable} (retried with backoff). {@code scenes} are OBS's scene names;
 * {@code caption_source} is the text source that shows what she says (empty: no captions);
 * {@code scene_map} maps {@code speaking}, {@code idle} or an emotion to the scene switched to.
 */
public record ObsInfo(boolean configured, String state, String detail, List<String> scenes, String captionSource,
        Map<String, String> sceneMap) {}
