package dev.vtubermiku.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LogsBench's backend in a JVM of its own, as {@code ./vtuber} runs it (the window has its own JVM
 * there too, so the backend's collections never stop the FX thread): the real backend in a scratch
 * folder, plus a firehose that logs through SLF4J when the bench asks. Driven over stdin/stdout;
 * its protocol lines start with {@link #PREFIX} so that they stand out from its console log.
 *
 * <p>Commands: {@code fire LOGGER RATE SECONDS} logs RATE lines a second for SECONDS into LOGGER
 * and answers {@code fired}; end of stdin stops the backend and the JVM.
 */
final class LogsBackend implements AutoCloseable {

    static final String PREFIX = "logs-backend: ";

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;

    private LogsBackend(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.port = Integer.parseInt(answer().replaceFirst("^port ", ""));
    }

    /** Starts the child JVM with the launcher's backend options and waits until it listens. */
    static LogsBackend start() throws IOException {
        String java = ProcessFacts.java();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                // ./vtuber's JVM_OPTS for the backend
                "-XX:+UseSerialGC", "-Xss512k", "-XX:TrimNativeHeapInterval=3000", "-Xms64m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), LogsBackend.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new LogsBackend(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** Logs {@code rate} lines a second for {@code seconds} into {@code logger}; returns when all were logged. */
    void fire(String logger, int rate, int seconds) throws IOException {
        in.write("fire " + logger + " " + rate + " " + seconds + "\n");
        in.flush();
        String answer = answer();
        if (!answer.equals("fired")) {
            throw new IOException("the backend's JVM answered '" + answer + "' to fire");
        }
    }

    /** The next protocol line; console log lines in between are dropped. */
    private String answer() throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(PREFIX)) {
                return line.substring(PREFIX.length());
            }
        }
        throw new IOException("the backend's JVM ended early (exit " + exitCode() + ")");
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() {
        ProcessFacts.stop(process, in, out, 20); // its stdin at EOF: it stops the backend and exits
    }

    /** The child JVM: the backend, and the firehose on command. */
    public static void main(String[] args) throws Exception {
        // Buffered, so that println hands each protocol line to the pipe in one write: unbuffered, the
        // text and its newline were two, and a console log line from another thread could land between.
        PrintStream protocol = new PrintStream(new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out)),
                true, StandardCharsets.UTF_8);
        try (TempDir dir = TempDir.create("vtuber-logs-");
                InProcessBackend backend = InProcessBackend.start(dir, Map.of("LLM_LOCAL_URL", ""), 5000)) {
            protocol.println(PREFIX + "port " + backend.app().port());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] words = line.trim().split(" ");
                if (words.length == 4 && words[0].equals("fire")) {
                    fire(LoggerFactory.getLogger(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]));
                    protocol.println(PREFIX + "fired");
                } else {
                    protocol.println(PREFIX + "unknown command: " + line);
                }
            }
        }
    }

    /** Logs {@code rate} lines a second for {@code seconds}, paced against one start time. */
    private static void fire(Logger firehose, int rate, int seconds) {
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        for (long i = 0; i < total; i++) {
            long wait = start + i * periodNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            firehose.info("firehose line {} of {}: speech.started turn={} loudness=[0.12, 0.34, 0.56] id={}", i + 1, total,
                    i % 97, Long.toHexString(i * 2654435761L));
        }
    }
}
