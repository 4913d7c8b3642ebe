package dev.vtubermiku.core.status;

import java.time.Duration;

/** Port: finds out how one service is doing. Must return within a few seconds and never throw. */
public interface ServiceProbe {

    ServiceId service();

    /** How often to check again. */
    Duration interval();

    ServiceHealth check();
}
