package dev.vtubermiku.protocol;

import java.util.List;

/**
 * {@code POST /api/config}: which keys took effect now, which are saved but need a restart, and
 * which the process environment will override at the next start (the environment always wins).
 */
public record ConfigUpdateResponse(
        List<String> applied, List<String> restartRequired, List<String> overriddenByEnvironment, String savedTo) {}
