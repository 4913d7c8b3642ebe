package dev.vtubermiku.server.models;

import java.nio.file.Path;
import java.util.List;

/**
 * Told what pulls do. Progress arrives on the pulling thread after every write, so a listener
 * must be quick and throttle what it forwards.
 */
public interface PullListener {

    default void started(PullJob job) {}

    default void progress(PullJob job, PullProgress progress) {}

    default void saved(PullJob job, List<Path> files) {}

    default void failed(PullJob job, ModelPullException error) {}
}
