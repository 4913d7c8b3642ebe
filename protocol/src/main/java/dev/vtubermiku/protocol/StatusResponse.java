package dev.vtubermiku.protocol;

import dev.vtubermiku.protocol.event.EventPayload;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/status} and the data of a {@code system.status} event. {@code downloads}: the
 * models the backend is fetching by itself (AUTO_PULL), empty when none.
 */
public record StatusResponse(
        String version,
        Instant startedAt,
        long uptimeS,
        List<ServiceStatus> services,
        SystemMetrics system,
        EventStats events,
        List<ModelDownload> downloads) implements EventPayload {

    @Override
    public String eventType() {
        return EventTypes.SYSTEM_STATUS;
    }

    /** Host and process figures; bytes unless the name says otherwise. */
    public record SystemMetrics(
            double cpuLoad,
            double processCpuLoad,
            int cpuCores,
            long memoryTotal,
            long memoryAvailable,
            long processRss,
            long heapUsed,
            long heapMax,
            String dataDir,
            long diskFree,
            long diskTotal) {}

    /**
     * What the event system has done since start: events published, stored, not stored because
     * the database failed, and missed by subscribers too slow to take them (stored ones they catch
     * up on from the journal); live subscribers; the newest stored id.
     */
    public record EventStats(long published, long stored, long storeFailures, long missed, int subscribers, long lastId) {}
}
