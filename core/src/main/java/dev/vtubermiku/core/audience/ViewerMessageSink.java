package dev.vtubermiku.core.audience;

/**
 * Where a chat connector delivers what it reads: the audience pipeline. Called from the connector's
 * own thread; must return at once (it only filters and queues), so a flood cannot stall a connector.
 */
@FunctionalInterface
public interface ViewerMessageSink {
    void accept(ViewerMessage message);
}
