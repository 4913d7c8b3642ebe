package dev.vtubermiku.server.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; start-up prints every line and exits with code 2. */
public final class ConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::line).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
