package dev.vtubermiku.server.config;

/** One invalid value; {@link #line()} is what start-up prints before exiting with code 2. */
public record ConfigError(ConfigKey key, String value, String problem) {

    public String line() {
        String shown = key.secret() ? "(secret)" : "\"" + value + "\"";
        return "config error: " + key + "=" + shown + " " + problem;
    }
}
