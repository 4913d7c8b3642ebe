package dev.vtubermiku.server.config;

import dev.vtubermiku.protocol.ConfigUpdateResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of the running backend. Changes are validated as a whole, saved to
 * {@code .env} (so a restart keeps them and the user can see them there), and runtime keys take
 * effect at once; the others wait for a restart.
 */
public final class RuntimeConfig {

    private final Map<String, String> environment;
    private final DotEnvFile dotEnv;
    private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
    private volatile Settings current;

    public RuntimeConfig(Settings initial, Map<String, String> environment, DotEnvFile dotEnv) {
        this.current = initial;
        this.environment = Map.copyOf(environment);
        this.dotEnv = dotEnv;
    }

    public Settings current() {
        return current;
    }

    /** Called with the new settings after every change that took effect. */
    public void onChange(Consumer<Settings> listener) {
        listeners.add(listener);
    }

    /**
     * Applies and saves changes; a null value removes the key from {@code .env} (back to its default).
     *
     * @throws ConfigException when any value, or the combination, is invalid; nothing is saved then
     */
    public synchronized ConfigUpdateResponse update(Map<ConfigKey, @Nullable String> changes) {
        Map<ConfigKey, String> resolved = new EnumMap<>(ConfigKey.class);
        changes.forEach((key, value) -> resolved.put(key, value == null ? key.defaultValue() : value.trim()));

        Settings candidate = current.with(resolved, Settings.Source.RUNTIME);
        List<ConfigError> problems = candidate.problems().stream()
                .filter(p -> resolved.containsKey(p.key()) || crossKey(p, resolved))
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }

        Map<String, @Nullable String> toSave = new LinkedHashMap<>();
        changes.forEach((key, value) -> toSave.put(key.name(), value == null ? null : value.trim()));
        dotEnv.update(toSave);

        List<String> applied = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        List<String> overridden = new ArrayList<>();
        Map<ConfigKey, String> live = new EnumMap<>(ConfigKey.class);
        resolved.forEach((key, value) -> {
            (key.runtime() ? applied : restart).add(key.name());
            if (key.runtime()) {
                live.put(key, value);
            }
            if (environment.containsKey(key.name())) {
                overridden.add(key.name());
            }
        });
        if (!live.isEmpty()) {
            current = current.with(live, Settings.Source.RUNTIME);
            for (Consumer<Settings> listener : listeners) {
                listener.accept(current);
            }
        }
        return new ConfigUpdateResponse(applied, restart, overridden, dotEnv.path().toAbsolutePath().toString());
    }

    /** A change to API_TOKEN can make API_HOST invalid; report it. */
    private static boolean crossKey(ConfigError problem, Map<ConfigKey, String> changed) {
        return problem.key() == ConfigKey.API_HOST && changed.containsKey(ConfigKey.API_TOKEN);
    }
}
