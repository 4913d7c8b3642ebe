package dev.vtubermiku.server.onair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.server.store.AppStateDao;
import dev.vtubermiku.server.store.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The on-air settings that survive a restart, in the store's {@code app_state} (so encrypted with
 * the rest of the database when DATA_KEY is set): VTube Studio's token and emotion→hotkey map, OBS's
 * caption source and scene map.
 */
public final class OnAirStore {

    static final String VTS_TOKEN = "vts_token";
    static final String VTS_EXPRESSIONS = "vts_expression_map";
    static final String OBS_CAPTION_SOURCE = "obs_caption_source";
    static final String OBS_SCENES = "obs_scene_map";
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

    private final Database database;
    private final ObjectMapper json;
    private final Clock clock;

    public OnAirStore(Database database, ObjectMapper json, Clock clock) {
        this.database = database;
        this.json = json;
        this.clock = clock;
    }

    /** The token VTube Studio granted, if it granted one (and it was not refused since). */
    public Optional<String> vtsToken() {
        return text(VTS_TOKEN).filter(t -> !t.isEmpty());
    }

    /** Keeps a granted token; an empty one forgets it. */
    public void vtsToken(String token) {
        put(VTS_TOKEN, token);
    }

    public Map<String, String> vtsExpressions() {
        return map(VTS_EXPRESSIONS);
    }

    public void vtsExpressions(Map<String, String> map) {
        put(VTS_EXPRESSIONS, write(map));
    }

    public Optional<String> obsCaptionSource() {
        return text(OBS_CAPTION_SOURCE);
    }

    public void obsCaptionSource(String source) {
        put(OBS_CAPTION_SOURCE, source);
    }

    public Map<String, String> obsScenes() {
        return map(OBS_SCENES);
    }

    public void obsScenes(Map<String, String> map) {
        put(OBS_SCENES, write(map));
    }

    private Optional<String> text(String key) {
        return database.readDao(AppStateDao.class).get(key);
    }

    private void put(String key, String value) {
        database.writeDao(AppStateDao.class).put(key, value, clock.instant());
    }

    private Map<String, String> map(String key) {
        return text(key).map(v -> {
            try {
                return (Map<String, String>) json.readValue(v, MAP);
            } catch (JsonProcessingException e) {
                return Map.<String, String>of(); // written by us; unreadable only if edited by hand
            }
        }).orElse(Map.of());
    }

    private String write(Map<String, String> map) {
        try {
            return json.writeValueAsString(new LinkedHashMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
