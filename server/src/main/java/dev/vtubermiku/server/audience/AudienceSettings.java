package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.AudienceRules;
import dev.vtubermiku.core.audience.Blocklist;
import dev.vtubermiku.core.audience.PriorityWeights;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.time.Duration;
import java.util.List;

/** The AUDIENCE_* keys read into the desk's rules (the values are already checked by ConfigKey). */
final class AudienceSettings {

    private AudienceSettings() {}

    static AudienceRules rules(Settings s) {
        return new AudienceRules(
                Blocklist.of(List.of(s.get(ConfigKey.AUDIENCE_BLOCKLIST).split(","))),
                AudienceRules.names(s.get(ConfigKey.AUDIENCE_BLOCKED_USERS)),
                AudienceRules.names(s.get(ConfigKey.AUDIENCE_BOTS)),
                Integer.parseInt(s.get(ConfigKey.AUDIENCE_MAX_CHARS)),
                Integer.parseInt(s.get(ConfigKey.AUDIENCE_USER_RATE)),
                PriorityWeights.parse(s.get(ConfigKey.AUDIENCE_WEIGHTS)),
                millis(s.get(ConfigKey.AUDIENCE_COOLDOWN_SECONDS)),
                millis(s.get(ConfigKey.AUDIENCE_MAX_AGE_SECONDS)),
                Integer.parseInt(s.get(ConfigKey.AUDIENCE_QUEUE_SIZE)),
                Boolean.parseBoolean(s.get(ConfigKey.AUDIENCE_HOLD).strip()),
                Boolean.parseBoolean(s.get(ConfigKey.AUDIENCE_POST_REPLIES).strip()));
    }

    private static Duration millis(String seconds) {
        return Duration.ofMillis(Math.round(Double.parseDouble(seconds.strip()) * 1000));
    }
}
