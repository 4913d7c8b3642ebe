package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.protocol.ConfigResponse;
import dev.vtubermiku.protocol.ConfigUpdateResponse;
import dev.vtubermiku.protocol.EventEnvelope;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.ModelProgress;
import dev.vtubermiku.protocol.ModelList;
import dev.vtubermiku.protocol.ServiceStatus;
import dev.vtubermiku.protocol.StatusResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Status tab: one indicator per service, host charts over the last minutes, the configuration
 * with its runtime keys editable, and the model manager. Fed by {@code system.status} (every few
 * seconds and on every change) and {@code model.*} events.
 */
public final class StatusViewModel {

    public static final List<String> SERVICES = List.of("db", "llm", "stt", "tts", "vad", "trainer");
    /** How far back the charts reach. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final BackendClient client;
    private final Executor ui;
    private final ObservableList<ServiceRow> services = FXCollections.observableArrayList();
    private final ObservableList<MetricSample> samples = FXCollections.observableArrayList();
    private final ObservableList<ConfigRow> config = FXCollections.observableArrayList();
    private final ObservableList<CatalogRow> models = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Waiting for the backend…");
    private final ReadOnlyStringWrapper configMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper host = new ReadOnlyStringWrapper("");

    public StatusViewModel(BackendClient client, Executor ui) {
        this.client = client;
        this.ui = ui;
        for (String name : SERVICES) {
            services.add(new ServiceRow(name));
        }
    }

    public CompletableFuture<Void> refresh() {
        return CompletableFuture.allOf(
                Tasks.then(client.get("/api/status", StatusResponse.class), ui, this::apply,
                        e -> summary.set("Status unavailable: " + e)),
                loadConfig(), loadModels());
    }

    public CompletableFuture<Void> loadConfig() {
        return Tasks.then(client.get("/api/config", ConfigResponse.class), ui,
                c -> config.setAll(c.entries().stream().map(ConfigRow::new).toList()),
                e -> configMessage.set("Could not load the configuration: " + e));
    }

    public CompletableFuture<Void> loadModels() {
        return Tasks.then(client.get("/api/models", ModelList.class), ui,
                m -> models.setAll(m.models().stream().map(CatalogRow::new).toList()),
                e -> modelMessage.set("Could not list the models: " + e));
    }

    /** Saves every edited runtime key with one {@code POST /api/config}. */
    public CompletableFuture<Void> saveConfig() {
        Map<String, String> changes = new LinkedHashMap<>();
        for (ConfigRow row : config) {
            if (row.runtime() && row.editedProperty().get()) {
                changes.put(row.key(), row.valueProperty().get());
            }
        }
        if (changes.isEmpty()) {
            configMessage.set("Nothing changed");
            return CompletableFuture.completedFuture(null);
        }
        return Tasks.then(client.post("/api/config", changes, ConfigUpdateResponse.class), ui, r -> {
            StringBuilder text = new StringBuilder();
            if (!r.applied().isEmpty()) {
                text.append("Applied now: ").append(String.join(", ", r.applied())).append(". ");
            }
            if (!r.restartRequired().isEmpty()) {
                text.append("Saved, takes effect after a restart: ").append(String.join(", ", r.restartRequired())).append(". ");
            }
            if (!r.overriddenByEnvironment().isEmpty()) {
                text.append("The environment overrides: ").append(String.join(", ", r.overriddenByEnvironment())).append(". ");
            }
            configMessage.set(text.append("Saved to ").append(r.savedTo()).toString());
            loadConfig();
        }, e -> configMessage.set("Not saved: " + e));
    }

    public CompletableFuture<Void> pull(String name) {
        return Tasks.then(client.post("/api/models/" + name + "/pull", null, JsonNode.class), ui, r -> {
            modelMessage.set("Pulling " + name + "…");
            row(name).ifPresent(m -> m.stateProperty().set("pulling"));
        }, e -> modelMessage.set("Could not pull " + name + ": " + e));
    }

    public void onEvent(EventEnvelope event) {
        ui.execute(() -> {
            switch (event.type()) {
                case EventTypes.SYSTEM_STATUS -> {
                    try {
                        apply(client.json().convertValue(event.data(), StatusResponse.class));
                    } catch (IllegalArgumentException e) {
                        summary.set("Unreadable status from the backend: " + e.getMessage());
                    }
                }
                case EventTypes.MODEL_PROGRESS -> {
                    ModelProgress p = client.json().convertValue(event.data(), ModelProgress.class);
                    row(p.name()).ifPresent(m -> {
                        m.stateProperty().set("pulling");
                        m.progressProperty().set(p.bytesTotal() > 0 ? (double) p.bytesDone() / p.bytesTotal() : -1);
                    });
                    modelMessage.set(event.message());
                }
                case EventTypes.MODEL_SAVED, EventTypes.MODEL_FAILED, EventTypes.MODEL_LOADED -> {
                    modelMessage.set(event.message());
                    loadModels();
                }
                default -> { }
            }
        });
    }

    private java.util.Optional<CatalogRow> row(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }


    private void apply(StatusResponse status) {
        for (ServiceStatus s : status.services()) {
            ServiceRow row = services.stream().filter(r -> r.name().equals(s.name())).findFirst().orElseGet(() -> {
                ServiceRow added = new ServiceRow(s.name());
                services.add(added);
                return added;
            });
            row.stateProperty().set(s.state());
            row.detailProperty().set(s.detail());
            row.fixProperty().set(s.fix() == null ? "" : s.fix());
        }
        long notOk = status.services().stream().filter(s -> !s.state().equals("ok")).count();
        summary.set("Backend " + status.version() + ", up " + uptime(status.uptimeS()) + " — "
                + (notOk == 0 ? "all services ok" : notOk + " of " + status.services().size() + " services need attention"));
        StatusResponse.SystemMetrics m = status.system();
        double memory = m.memoryTotal() > 0 ? 1 - (double) m.memoryAvailable() / m.memoryTotal() : 0;
        double disk = m.diskTotal() > 0 ? 1 - (double) m.diskFree() / m.diskTotal() : 0;
        MetricSample sample = new MetricSample(status.startedAt().plusSeconds(status.uptimeS()), Math.max(0, m.cpuLoad()), memory, disk);
        if (samples.isEmpty() || !samples.getLast().time().equals(sample.time())) {
            samples.add(sample);
        }
        while (!samples.isEmpty() && samples.getFirst().time().isBefore(sample.time().minus(WINDOW))) {
            samples.removeFirst();
        }
        host.set(String.format(java.util.Locale.ROOT, "CPU %.0f%% of %d cores · memory %s of %s · disk %s free of %s · backend RSS %s",
                m.cpuLoad() * 100, m.cpuCores(), bytes(m.memoryTotal() - m.memoryAvailable()), bytes(m.memoryTotal()),
                bytes(m.diskFree()), bytes(m.diskTotal()), bytes(m.processRss())));
    }

    static String uptime(long seconds) {
        return seconds < 60 ? seconds + " s" : seconds < 3600 ? seconds / 60 + " min" : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }

    public ObservableList<ServiceRow> services() {
        return services;
    }

    public ObservableList<MetricSample> samples() {
        return samples;
    }

    public ObservableList<ConfigRow> config() {
        return config;
    }

    public ObservableList<CatalogRow> models() {
        return models;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hostProperty() {
        return host.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty configMessageProperty() {
        return configMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelMessageProperty() {
        return modelMessage.getReadOnlyProperty();
    }
}
