package dev.vtubermiku.protocol;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/vts}: the VTube Studio plugin. {@code state} is one of {@code off} (VTS_URL not set),
 * {@code connecting}, {@code awaiting_approval} (click "Allow" in VTube Studio's popup),
 * {@code connected}, {@code denied} (the token was refused or revoked: {@code POST /api/vts/connect}
 * asks again) or {@code unreachable} (retried with backoff). {@code hotkeys} are the current model's;
 * {@code expression_map} names the hotkey (name or id) triggered when she shows an emotion.
 */
public record VtsInfo(boolean configured, String state, String detail, List<Hotkey> hotkeys,
        Map<String, String> expressionMap) {

    /** A hotkey of the model loaded in VTube Studio: its unique id and its name. */
    public record Hotkey(String id, String name) {}
}
