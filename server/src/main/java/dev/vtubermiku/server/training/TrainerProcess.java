package dev.vtubermiku.server.training;

import dev.vtubermiku.core.training.TrainerOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised trainer process. It runs in a process group of its own (through {@code setsid}
 * where the system has it), so that cancelling ends everything it started (data loader workers,
 * compilers) and a signal meant for the backend does not reach it. Its output goes to a log file
 * and to SLF4J, and each console update (progress bars redraw with carriage returns) to a listener.
 * Where it has a group of its own it is also on a leash: the group dies with the backend, even when
 * the backend is killed with SIGKILL (see {@link #LEASH}; {@link TrainerOrphans} is the second line).
 */
final class TrainerProcess {

    private static final Logger log = LoggerFactory.getLogger(TrainerProcess.class);
    private static final int TAIL_LINES = 40;
    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");
    private static final Path SH = Path.of("/bin/sh");
    /**
     * The leash that makes the group die with the backend: a shell leads the group, runs the trainer
     * (with no standard input), and a watcher of its own reads the backend's pipe to its standard
     * input, which only ends when the backend is gone (a SIGKILL included, which no shutdown hook
     * sees); it then sends SIGKILL to the whole group. The shell waits for the trainer again after a
     * forwarded signal, so it ends when the trainer does, with the trainer's exit code.
     */
    private static final String LEASH = """
            exec 3<&0
            "$@" 3<&- </dev/null &
            t=$!
            trap 'kill -TERM $t 2>/dev/null' TERM INT
            ( while read -r _ <&3; do :; done; kill -KILL 0 ) >/dev/null 2>&1 </dev/null &
            w=$!
            exec 3<&-
            wait $t; c=$?
            while kill -0 $t 2>/dev/null; do wait $t; c=$?; done
            kill $w 2>/dev/null
            exit $c
            """;

    private final Process process;
    private final boolean ownGroup;
    private final Thread reader;
    private final Deque<String> tail = new ArrayDeque<>();

    private TrainerProcess(Process process, boolean ownGroup, Thread reader) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.reader = reader;
    }

    /**
     * Starts {@code command} in {@code dir}, appending its output to {@code logFile}.
     *
     * @param onUpdate gets each console update: a line, or one state of a progress bar
     * @throws IOException when the program cannot be started (no such interpreter)
     */
    static TrainerProcess start(List<String> command, Path dir, Path logFile, Map<String, String> env,
            Consumer<String> onUpdate) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(logFile.getParent());
        if (!runnable(command.getFirst())) {
            // Behind setsid a missing program would only show as exit code 127; say it plainly instead.
            throw new IOException(command.getFirst() + " is not an executable program (not found, or not on PATH)");
        }
        List<String> full = new ArrayList<>();
        String setsid = SETSID.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (setsid != null) {
            full.add(setsid);
            if (Files.isExecutable(SH)) {
                full.addAll(List.of(SH.toString(), "-c", LEASH, "vtuber-trainer"));
            }
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONUNBUFFERED", "1"); // progress as it happens, not in 4 KB blocks
        builder.environment().putAll(env);
        OutputStream logOut = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        logOut.write(("$ " + String.join(" ", command) + "\n").getBytes(StandardCharsets.UTF_8));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            logOut.write(("cannot start: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            logOut.close();
            throw e;
        }
        TrainerProcess[] self = new TrainerProcess[1];
        Thread reader = Thread.ofVirtual().name("trainer-output-" + process.pid()).unstarted(() -> {
            try (InputStream in = process.getInputStream(); logOut) {
                self[0].pump(in, logOut, onUpdate);
            } catch (IOException e) {
                log.debug("Trainer output ended", e);
            }
        });
        self[0] = new TrainerProcess(process, setsid != null, reader);
        reader.start();
        return self[0];
    }

    static boolean runnable(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private void pump(InputStream in, OutputStream logOut, Consumer<String> onUpdate) throws IOException {
        byte[] buffer = new byte[8192];
        StringBuilder line = new StringBuilder();
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
            logOut.write(buffer, 0, n);
            logOut.flush();
            // Decode only whole lines or bar states, so a character split across reads stays whole.
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    line.append(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                    String text = line.toString();
                    line.setLength(0);
                    if (!text.isBlank()) {
                        onUpdate.accept(text);
                        if (b == '\n') {
                            remember(text);
                            if (TrainerOutput.bar(text).isPresent()) {
                                log.debug("trainer: {}", text); // progress bars become training.progress events
                            } else {
                                log.info("trainer: {}", text);
                            }
                        }
                    }
                } else {
                    pending.write(b);
                }
            }
        }
        String rest = line + pending.toString(StandardCharsets.UTF_8);
        if (!rest.isBlank()) {
            onUpdate.accept(rest);
            remember(rest);
        }
    }

    private synchronized void remember(String text) {
        tail.addLast(text.length() > 500 ? text.substring(0, 500) + "…" : text);
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** The last lines it wrote (at most 40). */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for it to end and for its output to be read; returns the exit code. */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        reader.join(Duration.ofSeconds(5));
        return code;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Ends the process and everything it started: SIGTERM to its process group (and to each
     * descendant, for systems without setsid), then SIGKILL after {@code grace}.
     */
    void killTree(Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        signalGroup(process.pid(), "TERM");
        family.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Trainer {} did not stop within {} s of SIGTERM; killing it", process.pid(), grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.addAll(process.descendants().toList());
        signalGroup(process.pid(), "KILL");
        family.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void signalGroup(long pid, String signal) {
        if (ownGroup) {
            killGroup(pid, signal);
        }
    }

    /** {@code kill -SIGNAL -- -pgid}: every process of the group, including children whose parent is gone. */
    static void killGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.debug("kill -{} -{} failed", signal, pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
