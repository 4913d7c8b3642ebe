package dev.vtubermiku.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' child processes: the java to start a child JVM with, what they read about a process
 * from /proc, a port for it to listen on, and how a child driven over its stdin is stopped.
 */
final class ProcessFacts {

    private ProcessFacts() {}

    /** This JVM's java binary, for a child JVM on the same runtime. */
    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Ends a child that stops at the end of its stdin: closes {@code stdin}, reads what it still
     * prints from {@code stdout} (may be null: not read) so that it never blocks on a full pipe, waits
     * {@code seconds}, then kills it.
     */
    static void stop(Process process, java.io.Closeable stdin, java.io.@org.jspecify.annotations.Nullable BufferedReader stdout, int seconds) {
        try {
            stdin.close();
            if (stdout != null) {
                while (stdout.readLine() != null) {
                    // drained
                }
            }
            if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A loopback port free at this moment. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Its resident memory in kB ({@code VmRSS}). */
    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** The executable it runs (the java binary the launcher chose), or "?". */
    static String executable(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }
}
