package dev.vtubermiku.server.config;

import java.util.EnumMap;
import java.util.Map;

/** Builds {@link Settings} from the environment, then a {@code .env} file, then the defaults. */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * @throws ConfigException listing every invalid key, when any value is unusable
     */
    public static Settings load(Map<String, String> environment, DotEnvFile dotEnv) {
        Map<String, String> fromFile = dotEnv.read();
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, Settings.Source> sources = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String env = environment.get(key.name());
            if (env != null) {
                values.put(key, env.trim());
                sources.put(key, Settings.Source.ENVIRONMENT);
            } else if (fromFile.containsKey(key.name())) {
                values.put(key, fromFile.get(key.name()).trim());
                sources.put(key, Settings.Source.DOTENV);
            }
        }
        Settings settings = new Settings(values, sources);
        var problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return settings;
    }
}
