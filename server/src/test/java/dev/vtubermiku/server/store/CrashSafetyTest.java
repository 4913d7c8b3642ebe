package dev.vtubermiku.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vtubermiku.core.event.Event;
import dev.vtubermiku.core.event.TopicFilter;
import dev.vtubermiku.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A crash at any moment leaves them consistent" (DESIGN.md, Database): a child JVM publishes events
 * through the real bus and journal and is killed with SIGKILL in the middle; every event it had
 * reported as published must be in the file, and the file must pass SQLite's integrity check.
 */
class CrashSafetyTest {

    private static final int ROUNDS = 3;
    private static final int KILL_AFTER_IDS = 2_000;
    private static final long KILL_AFTER_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long FIRST_ID_WITHIN_SECONDS = 120;
    private static final Pattern ID_LINE = Pattern.compile("id=(\\d+)");
    private static final String END = "\u0000end";

    @TempDir
    Path dir;

    @Test
    void everyEventReportedBeforeASigkillIsInTheFileAfterwards() throws Exception {
        Path file = dir.resolve("vtuber.db");
        Map<Integer, List<Long>> printedByRound = new HashMap<>();
        long previousMax = 0;

        for (int round = 1; round <= ROUNDS; round++) {
            List<Long> printed = runAndKill(file, round);
            printedByRound.put(round, printed);

            assertThat(printed).as("round %d published events before it was killed", round).hasSizeGreaterThan(10);
            assertThat(printed).as("ids increase").isSorted().doesNotHaveDuplicates();
            assertThat(printed.getFirst()).as("ids continue after the previous crash").isGreaterThan(previousMax);
            previousMax = printed.getLast();

            try (Database db = Database.open(file)) {
                assertThat(db.integrityCheck()).isEqualTo("ok");
                assertThat(db.schemaVersion()).isEqualTo(Migrations.latestVersion());
                Set<Long> stored = storedIds(db);
                for (int r = 1; r <= round; r++) {
                    assertThat(stored).as("events of round %d after round %d's crash", r, round)
                            .containsAll(printedByRound.get(r));
                }
                assertThat(db.readDao(EventDao.class).lastId()).isGreaterThanOrEqualTo(printed.getLast());
            }
        }
    }

    /** Starts the child, reads its ids until enough came or time is up, SIGKILLs it; the ids it printed. */
    private List<Long> runAndKill(Path file, int round) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path stderr = dir.resolve("child-" + round + ".err");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-Dlogback.configurationFile=crash-child-logback.xml",
                "-cp", System.getProperty("java.class.path"),
                CrashSafetyChild.class.getName(), file.toString(), Integer.toString(round))
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("crash-child-stdout").start(() -> {
            try (BufferedReader in = child.inputReader(StandardCharsets.US_ASCII)) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            } finally {
                lines.add(END);
            }
        });

        List<Long> ids = new ArrayList<>();
        try {
            long deadline = 0;
            while (ids.size() < KILL_AFTER_IDS) {
                long wait = ids.isEmpty()
                        ? TimeUnit.SECONDS.toNanos(FIRST_ID_WITHIN_SECONDS)
                        : deadline - System.nanoTime();
                String line = wait > 0 ? lines.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    if (ids.isEmpty()) {
                        fail("the child printed no id within %d s; its stderr: %s", FIRST_ID_WITHIN_SECONDS, read(stderr));
                    }
                    break;
                }
                if (line.equals(END)) {
                    fail("the child ended on its own (exit %s); its stderr: %s", child.waitFor(), read(stderr));
                }
                if (ids.isEmpty()) {
                    deadline = System.nanoTime() + KILL_AFTER_NANOS;
                }
                collect(line, ids);
            }
        } finally {
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
            // pipe, and the ids still in it would be lost to the check.
            child.toHandle().destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);

        // Lines already in the pipe when the child died count too: their events were committed.
        reader.join(TimeUnit.SECONDS.toMillis(30));
        String line;
        while ((line = lines.poll()) != null) {
            if (!line.equals(END)) {
                collect(line, ids);
            }
        }
        return ids;
    }

    private static void collect(String line, List<Long> ids) {
        Matcher m = ID_LINE.matcher(line);
        if (m.matches()) {
            ids.add(Long.parseLong(m.group(1)));
        } else {
            fail("unexpected line from the child: %s", line);
        }
    }

    private static Set<Long> storedIds(Database db) {
        JdbiEventJournal journal = new JdbiEventJournal(db, Json.newMapper());
        Set<Long> ids = new HashSet<>();
        long after = 0;
        List<Event> page;
        while (!(page = journal.readAfter(after, TopicFilter.ALL, 10_000)).isEmpty()) {
            for (Event e : page) {
                ids.add(e.id());
            }
            after = page.getLast().id();
        }
        return ids;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
