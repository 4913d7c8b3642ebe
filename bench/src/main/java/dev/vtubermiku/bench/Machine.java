package dev.vtubermiku.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the numbers were measured on, and how busy it was: results from a shared 2-core box mean
 * little without the load average beside them.
 */
record Machine(int cores, long memoryMb, String java, String os) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotalMb(),
                System.getProperty("java.vendor") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    String describe() {
        return String.format(Locale.ROOT, "%d cores, %,d MB RAM, %s, %s", cores, memoryMb, java, os);
    }

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute averages, or "n/a" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long memTotalMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }
}
