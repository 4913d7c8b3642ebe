package dev.vtubermiku.server.store;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.Json;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The process {@link CrashSafetyTest} kills: publishes events as fast as it can and, after each
 * {@code publish} has returned, prints {@code id=N}. Each line goes out in one unbuffered write, so
 * a line the parent reads was complete, and its event was committed before it was written.
 */
public final class CrashSafetyChild {

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        @SuppressWarnings("resource") // stdout stays open until the process is killed
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        Database database = Database.open(file);
        EventBus bus = new EventBus(new JdbiEventJournal(database, Json.newMapper()), Clock.systemUTC(),
                Thread.ofPlatform().daemon().factory());
        for (long i = 0; ; i++) {
            Event event = bus.publish(EventTypes.SYSTEM_STATUS, Severity.INFO, "crash test",
                    Map.of("round", round, "seq", i));
            out.write(("id=" + event.id() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private CrashSafetyChild() {}
}
