package dev.vtubermiku.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceMonitor;
import dev.vtubermiku.core.status.ServiceState;
import dev.vtubermiku.protocol.ConfigResponse;
import dev.vtubermiku.protocol.ConfigUpdateResponse;
import dev.vtubermiku.protocol.HealthResponse;
import dev.vtubermiku.protocol.Problem;
import dev.vtubermiku.protocol.Problem.FieldError;
import dev.vtubermiku.protocol.StatusResponse;
import dev.vtubermiku.server.config.ConfigException;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.RuntimeConfig;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.status.StatusReporter;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Health, status and configuration. */
final class SystemController {

    private final ServiceMonitor monitor;
    private final StatusReporter status;
    private final RuntimeConfig config;
    private final ObjectMapper json;
    private final String version;

    SystemController(ServiceMonitor monitor, StatusReporter status, RuntimeConfig config, ObjectMapper json, String version) {
        this.monitor = monitor;
        this.status = status;
        this.config = config;
        this.json = json;
        this.version = version;
    }

    @OpenApi(path = "/api/health", methods = HttpMethod.GET, tags = "system",
            summary = "Liveness, and readiness per service",
            description = "Answers 200 while the process serves requests. `ready` is true when the database works; "
                    + "`services` gives each service's state (ok, degraded, unavailable, starting).",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = HealthResponse.class)))
    void health(Context ctx) {
        Map<String, String> services = new LinkedHashMap<>();
        for (ServiceMonitor.Current c : monitor.snapshot()) {
            services.put(c.health().service().wire(), c.health().state().wire());
        }
        boolean ready = monitor.get(ServiceId.DB).health().state() == ServiceState.OK;
        ctx.json(new HealthResponse("ok", ready, services, version));
    }

    @OpenApi(path = "/api/status", methods = HttpMethod.GET, tags = "system",
            summary = "Every service with its state and fix, host and process figures, event counts, and the models "
                    + "the backend is downloading by itself (downloads)",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = StatusResponse.class)))
    void status(Context ctx) {
        ctx.json(status.report());
    }

    @OpenApi(path = "/api/config", methods = HttpMethod.GET, tags = "system",
            summary = "The effective configuration, secrets masked, with each value's source",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConfigResponse.class)))
    void getConfig(Context ctx) {
        Settings s = config.current();
        List<ConfigResponse.Entry> entries = Arrays.stream(ConfigKey.values())
                .map(k -> new ConfigResponse.Entry(k.name(), s.display(k), s.source(k).wire(), k.secret(), k.runtime(),
                        k.description()))
                .toList();
        ctx.json(new ConfigResponse(entries));
    }

    @OpenApi(path = "/api/config", methods = HttpMethod.POST, tags = "system",
            summary = "Change configuration keys",
            description = "Body: a JSON object of KEY: value (string, number or boolean; null resets to the default). "
                    + "Runtime keys take effect at once; the others are saved and listed in restart_required. "
                    + "Everything is validated first; nothing is saved when anything is invalid. Saved to .env.",
            requestBody = @OpenApiRequestBody(required = true,
                    content = @OpenApiContent(mimeType = "application/json", type = "object")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ConfigUpdateResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = Problem.class, mimeType = Problem.MEDIA_TYPE))
            })
    void postConfig(Context ctx) throws Exception {
        JsonNode body = JsonBodies.object(ctx, json);
        Map<ConfigKey, @Nullable String> changes = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (var it = body.properties().iterator(); it.hasNext(); ) {
            var field = it.next();
            JsonNode value = field.getValue();
            var key = ConfigKey.find(field.getKey());
            if (key.isEmpty()) {
                errors.add(new FieldError(field.getKey(), "is not a configuration key"));
            } else if (key.get() == ConfigKey.DATA_KEY || key.get() == ConfigKey.DATA_KEY_FILE) {
                // A key saved here would meet a store still in the old form at the next start.
                errors.add(new FieldError(field.getKey(), "changes with the store: stop the backend and run ./vtuber data "
                        + "encrypt, decrypt or rekey (docs/DATA_AT_REST.md)"));
            } else if (value.isNull()) {
                changes.put(key.get(), null);
            } else if (value.isTextual()
                    || value.isBoolean() && key.get().jsonKind() == ConfigKey.JsonKind.BOOLEAN
                    || value.isNumber() && key.get().jsonKind() == ConfigKey.JsonKind.NUMBER) {
                changes.put(key.get(), value.asText());
            } else {
                errors.add(new FieldError(field.getKey(), switch (key.get().jsonKind()) {
                    case BOOLEAN -> "must be true, false, a string or null";
                    case NUMBER -> "must be a number, a string or null";
                    case TEXT -> "must be a string or null";
                }));
            }
        }
        if (changes.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("body", "must name at least one configuration key"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(summary(errors), errors);
        }
        try {
            ctx.json(config.update(changes));
        } catch (ConfigException e) {
            List<FieldError> invalid = e.errors().stream()
                    .map(err -> new FieldError(err.key().name(), err.problem()))
                    .toList();
            throw ProblemException.invalid(summary(invalid), invalid);
        }
    }

    private static String summary(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
    }
}
