package dev.vtubermiku.core.status;

import org.jspecify.annotations.Nullable;

/** What a probe found: a state, a line of detail, and for anything not ok what the user can do. */
public record ServiceHealth(ServiceId service, ServiceState state, String detail, @Nullable String fix) {

    public static ServiceHealth ok(ServiceId service, String detail) {
        return new ServiceHealth(service, ServiceState.OK, detail, null);
    }

    public static ServiceHealth degraded(ServiceId service, String detail, String fix) {
        return new ServiceHealth(service, ServiceState.DEGRADED, detail, fix);
    }

    public static ServiceHealth unavailable(ServiceId service, String detail, String fix) {
        return new ServiceHealth(service, ServiceState.UNAVAILABLE, detail, fix);
    }
}
