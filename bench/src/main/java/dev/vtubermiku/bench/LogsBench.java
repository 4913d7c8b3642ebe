package dev.vtubermiku.bench;

import dev.vtubermiku.gui.audio.SoundSystem;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.net.ConnectionState;
import dev.vtubermiku.gui.view.CommandCenterWindow;
import dev.vtubermiku.gui.vm.CommandCenterModel;
import dev.vtubermiku.protocol.LogEntry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;
import org.HdrHistogram.Histogram;

/**
 * A log firehose into the command center: the backend, in a JVM of its own with the launcher's
 * options as {@code ./vtuber} runs it ({@link LogsBackend}), logs {@code --rate} lines a second for
 * {@code --seconds}; they travel as log.entry events over /ws into the real window, in this JVM with
 * the launcher's window options, with the Logs tab showing and auto-scroll on. Measured: the longest the FX thread went without a
 * pulse (a pulse listener; the Logs tab's timer keeps pulses coming at 60 Hz), how late a probe
 * posted with Platform.runLater every 10 ms ran, and the heap after GC each second. Runs under a
 * display (Xvfb is enough), or on JavaFX's headless platform when there is none.
 *
 * <p>Exit code 0 when no gap exceeded 50 ms and every line arrived, 1 otherwise.
 */
public final class LogsBench {

    static final long TARGET_MAX_BLOCK_MS = 50;
    /** The window's GC option in ./vtuber's GUI_CMD. */
    static final String WINDOW_GC = "-XX:MaxGCPauseMillis=20";
    private static final String FIREHOSE = "dev.vtubermiku.bench.Firehose";

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parseOrExit(args, a -> BenchArgs.parse(a, "rate", "seconds", "warmup"),
                "LogsBench [--rate LINES_PER_S] [--seconds S] [--warmup S]");
        int rate = options.integer("rate", 1000);
        int seconds = options.integer("seconds", 10);
        int warmup = options.integer("warmup", 10);
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            System.setProperty("glass.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        System.exit(new LogsBench().run(rate, seconds, warmup));
    }

    int run(int rate, int seconds, int warmup) throws Exception {
        try (LogsBackend backend = LogsBackend.start()) {
            return measure(backend, rate, seconds, warmup);
        }
    }

    private int measure(LogsBackend backend, int rate, int seconds, int warmup) throws Exception {
        System.out.printf(Locale.ROOT, "LogsBench: %d log lines/s for %d s after %d s of warm-up at the same rate, backend "
                + "in its own JVM -> /ws -> command center in this one (Logs tab showing, auto-scroll on), glass platform %s%n",
                rate, seconds, warmup,
                System.getProperty("glass.platform", "default (" + System.getenv("DISPLAY") + ")"));
        System.out.println("machine: " + Machine.current().describe());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        System.out.println("window JVM flags: " + String.join(" ", flags));
        if (!flags.contains(WINDOW_GC)) {
            System.out.println("note: ./vtuber runs the window with " + WINDOW_GC + "; this JVM runs without it, so its GC pauses differ");
        }

        Platform.startup(() -> { });
        CommandCenterModel model = fx(() -> new CommandCenterModel(
                new BackendClient(URI.create("http://127.0.0.1:" + backend.port()), null), Platform::runLater, new NoSound()));
        AtomicLong arrived = new AtomicLong();
        AtomicLong pulses = new AtomicLong();
        Histogram pulseGaps = new Histogram(10_000_000_000L, 3);
        // CPU the FX thread itself spent between two pulses: our work per frame, whatever else runs on the machine.
        Histogram pulseCpu = new Histogram(10_000_000_000L, 3);
        var threads = ManagementFactory.getThreadMXBean();
        long[] lastPulse = {0};
        long[] lastCpu = {0};
        long[] fxCpu = {0, 0};
        long[] measureStart = {0};
        List<String> heavy = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean[] measuring = {false};
        CommandCenterWindow window = fx(() -> {
            CommandCenterWindow w = new CommandCenterWindow(model);
            Stage stage = new Stage();
            w.show(stage);
            w.tabs().getSelectionModel().select(2);
            w.scene().addPreLayoutPulseListener(() -> {
                long now = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                if (measuring[0] && lastPulse[0] != 0) {
                    pulseGaps.recordValue(now - lastPulse[0]);
                    pulseCpu.recordValue(Math.max(0, cpu - lastCpu[0]));
                    if (cpu - lastCpu[0] > 20_000_000L) {
                        heavy.add(String.format(Locale.ROOT, "%.0f ms CPU at %.2f s", (cpu - lastCpu[0]) / 1e6,
                                (now - measureStart[0]) / 1e9));
                    }
                    pulses.incrementAndGet();
                }
                lastPulse[0] = now;
                lastCpu[0] = cpu;
            });
            model.logs().lines().addListener((ListChangeListener<LogEntry>) c -> {
                while (c.next()) {
                    for (LogEntry e : c.getAddedSubList()) {
                        if (e.logger().equals(FIREHOSE)) {
                            arrived.incrementAndGet();
                        }
                    }
                }
            });
            return w;
        });
        model.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fx(() -> model.connection().stateProperty().get()) != ConnectionState.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the window did not connect");
            }
            Thread.sleep(50);
        }
        Thread.sleep(2000); // start-up events and the first status settle

        if (warmup > 0) {
            // The JIT compiles the list, text and CSS paths during the first seconds of a stream; a
            // window that has run for a while is what a streamer has on screen.
            backend.fire(FIREHOSE + ".warmup", rate, warmup);
            Thread.sleep(500);
        }
        Histogram probe = new Histogram(10_000_000_000L, 3);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        timers.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> probe.recordValue(System.nanoTime() - posted));
        }, 10, 10, TimeUnit.MILLISECONDS);
        List<String> heap = new java.util.concurrent.CopyOnWriteArrayList<>();
        heap.add("before: " + heapAfterGc());
        long heapStart = System.nanoTime();
        timers.scheduleAtFixedRate(() -> heap.add(String.format(Locale.ROOT, "%2ds: %s",
                Math.round((System.nanoTime() - heapStart) / 1e9), heapNow())), 1, 1, TimeUnit.SECONDS);
        String loadBefore = Machine.loadAverage();
        fx(() -> {
            fxCpu[0] = threads.getCurrentThreadCpuTime();
            measureStart[0] = System.nanoTime();
            return measuring[0] = true;
        });

        long total = (long) rate * seconds;
        long start = System.nanoTime();
        backend.fire(FIREHOSE, rate, seconds);
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (arrived.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double arriveSeconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(500);
        fx(() -> {
            fxCpu[1] = threads.getCurrentThreadCpuTime();
            return measuring[0] = false;
        });
        String loadAfter = Machine.loadAverage();
        timers.shutdownNow();
        heap.add("after:  " + heapAfterGc());
        int shown = fx(() -> model.logs().lines().size());
        long dropped = fx(() -> model.logs().droppedProperty().get());

        double maxGap = pulseGaps.getMaxValue() / 1e6;
        double maxProbe = probe.getMaxValue() / 1e6;
        System.out.printf(Locale.ROOT, "sent %d lines in %.2f s; %d reached the Logs tab by %.2f s; backend dropped %d; "
                + "the tab holds %d lines%n", total, sendSeconds, arrived.get(), arriveSeconds, dropped, shown);
        System.out.printf(Locale.ROOT, "FX pulses: %d, gap between pulses p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pulses.get(), pulseGaps.getValueAtPercentile(50) / 1e6, pulseGaps.getValueAtPercentile(99) / 1e6, maxGap);
        System.out.printf(Locale.ROOT, "FX thread CPU between pulses (its own work per frame): p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms; in all %.0f ms of CPU per second of stream%n", pulseCpu.getValueAtPercentile(50) / 1e6,
                pulseCpu.getValueAtPercentile(99) / 1e6, pulseCpu.getMaxValue() / 1e6, (fxCpu[1] - fxCpu[0]) / 1e6 / arriveSeconds);
        System.out.println("frames over 20 ms of FX CPU: " + (heavy.isEmpty() ? "none" : String.join("; ", heavy)));
        System.out.println("load average before / after: " + loadBefore + " / " + loadAfter);
        System.out.printf(Locale.ROOT, "runLater probe every 10 ms: p50 %.2f ms, p99 %.1f ms, max %.1f ms late%n",
                probe.getValueAtPercentile(50) / 1e6, probe.getValueAtPercentile(99) / 1e6, maxProbe);
        System.out.println("heap of the window's JVM (before/after: after a full GC, outside the measured window):");
        heap.forEach(h -> System.out.println("  " + h));
        boolean ok = maxGap <= TARGET_MAX_BLOCK_MS && arrived.get() == total && shown <= 10_000;
        System.out.println(ok ? "OK: the FX thread was never blocked longer than " + TARGET_MAX_BLOCK_MS + " ms"
                : "FAILED: a pulse gap exceeded " + TARGET_MAX_BLOCK_MS + " ms or lines were lost");
        fx(() -> {
            window.stop();
            return null;
        });
        model.close();
        Platform.exit();
        return new SummaryLine("logs").put("max_pulse_gap_ms", maxGap).put("p99_pulse_gap_ms", pulseGaps.getValueAtPercentile(99) / 1e6)
                .put("arrived", arrived.get()).put("sent", total).target("max_pulse_gap_ms", maxGap <= TARGET_MAX_BLOCK_MS)
                .target("all_arrived", arrived.get() == total).target("tab_bounded", shown <= 10_000).print();
    }

    /**
     * Used heap without forcing a collection: a System.gc() during the run would stop every thread,
     * the FX thread too, and show up as a pulse gap that the window did not cause. The old
     * generation after its last collection is the figure that shows whether the window keeps memory.
     */
    private static String heapNow() {
        long oldAfterGc = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null
                    && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                oldAfterGc += pool.getCollectionUsage().getUsed();
            }
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "%.1f MB used now, old generation after its last GC %.1f MB",
                heap.getUsed() / 1048576.0, oldAfterGc / 1048576.0);
    }

    private static String heapAfterGc() {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "%.1f MB", heap.getUsed() / 1048576.0);
    }

    private static <T> T fx(java.util.concurrent.Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }

    /** The bench measures the log path only; no sound card is involved. */
    private static final class NoSound implements SoundSystem {
        @Override
        public List<String> outputs() {
            return List.of();
        }

        @Override
        public List<String> inputs() {
            return List.of();
        }

        @Override
        public void play(byte[] wav, String device, double volume, Consumer<dev.vtubermiku.gui.audio.AudioPlayer.Report> done) {}

        @Override
        public void stop() {}

        @Override
        public void volume(double volume) {}

        @Override
        public Recording record(String device, DoubleConsumer level) {
            throw new IllegalStateException("No microphone available");
        }

        @Override
        public Recording stream(String device, DoubleConsumer level, dev.vtubermiku.gui.audio.MicrophoneRecorder.FrameSink frames) {
            throw new IllegalStateException("No microphone available");
        }

        @Override
        public dev.vtubermiku.gui.audio.VoiceOutput voiceOutput(String device, double volume, Consumer<String> failed) {
            failed.accept("No sound output available");
            return new dev.vtubermiku.gui.audio.VoiceOutput() {
                @Override
                public void write(dev.vtubermiku.protocol.VoiceFrames.AudioFrame frame) {}

                @Override
                public void drop() {}

                @Override
                public void volume(double volume) {}

                @Override
                public void close() {}
            };
        }
    }
}
