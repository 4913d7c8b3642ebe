package dev.vtubermiku.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks read about a process they started, from /proc, and a port for it to listen on. */
final class ProcessFacts {

    private ProcessFacts() {}

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
