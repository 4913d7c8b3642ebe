package dev.vtubermiku.server.metrics;

import dev.vtubermiku.protocol.StatusResponse.SystemMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * CPU, memory and disk figures. CPU load is measured between two calls, so the first sample after
 * start reports 0 and each later one covers the time since the previous.
 */
public final class HostMetrics {

    private final Path dataDir;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final int pid;
    private long[] previousTicks;
    private OSProcess previousProcess;

    public HostMetrics(Path dataDir) {
        this.dataDir = dataDir;
        SystemInfo system = new SystemInfo();
        this.cpu = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.os = system.getOperatingSystem();
        this.pid = os.getProcessId();
        this.previousTicks = cpu.getSystemCpuLoadTicks();
        this.previousProcess = os.getProcess(pid);
    }

    public synchronized SystemMetrics sample() {
        double cpuLoad = cpu.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = cpu.getSystemCpuLoadTicks();
        OSProcess process = os.getProcess(pid);
        double processLoad = 0;
        long rss = 0;
        if (process != null) {
            rss = process.getResidentSetSize();
            if (previousProcess != null) {
                processLoad = process.getProcessCpuLoadBetweenTicks(previousProcess) / cpu.getLogicalProcessorCount();
            }
            previousProcess = process;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long diskFree = 0;
        long diskTotal = 0;
        try {
            FileStore store = Files.getFileStore(existingAncestor(dataDir.toAbsolutePath()));
            diskFree = store.getUsableSpace();
            diskTotal = store.getTotalSpace();
        } catch (IOException e) {
            // reported as 0 free: status shows the data folder as unreadable rather than failing
        }
        return new SystemMetrics(round(cpuLoad), round(processLoad), cpu.getLogicalProcessorCount(),
                memory.getTotal(), memory.getAvailable(), rss, heap.getUsed(), heap.getMax(),
                dataDir.toAbsolutePath().normalize().toString(), diskFree, diskTotal);
    }

    private static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? path.getRoot() : p;
    }

    private static double round(double load) {
        return Double.isNaN(load) || load < 0 ? 0 : Math.round(load * 1000) / 1000.0;
    }
}
