package dev.vtubermiku.bench;

import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.TestBackend;
import dev.vtubermiku.server.audience.AudienceFlood;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Her audience under a raid: (1) how many viewer messages a second the pipeline cleans, filters and
 * queues (the sink a connector calls; events included), pushed by one thread; (2) 100 messages a
 * second for 30 s while the streamer chats over HTTP, in alternating 5-second blocks of flood and no
 * flood: the queue's largest size, the heap's growth and the streamer's turn p95 with and without
 * the flood. The real backend in this JVM, its LLM a fake OpenAI-compatible server on loopback.
 * Targets: at least 5,000 messages/s; the streamer's p95 not more than 50 ms slower. Exit 0 when
 * both are met, 1 when not, 2 on a setup problem.
 *
 * <pre>java -cp bench/target/bench.jar dev.vtubermiku.bench.AudienceBench [--rate 100] [--flood-s 30] [--messages 50000]</pre>
 */
public final class AudienceBench {

    static final double TARGET_MSGS_PER_S = 5000;
    static final double TARGET_DELAY_P95_MS = 50;

    public static void main(String[] args) {
        int rate = 100;
        int floodSeconds = 30;
        int messages = 50_000;
        try {
            for (int i = 0; i < args.length; i += 2) {
                int v = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--rate" -> rate = v;
                    case "--flood-s" -> floodSeconds = v;
                    case "--messages" -> messages = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("usage: AudienceBench [--rate N] [--flood-s SECONDS] [--messages N]: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(rate, floodSeconds, messages));
        } catch (Exception e) {
            System.err.println("AudienceBench could not run: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    static int run(int rate, int floodSeconds, int messages) throws Exception {
        System.out.printf(Locale.ROOT, "AudienceBench: %d messages pushed as fast as one thread can, then %d msg/s for %d s "
                + "(alternating 5 s blocks) while the streamer chats over HTTP; backend in-process, fake LLM on loopback%n",
                messages, rate, floodSeconds);
        System.out.println("machine: " + Machine.current().describe());
        System.out.println("load average at start: " + Machine.loadAverage());
        double msgsPerS;
        AudienceFlood.Result flood;
        try (TempDir dir = TempDir.create("vtuber-audience-"); FakeLlmServer llm = new FakeLlmServer()) {
            llm.recording(false).script(Script.reply("[joy] ", "Sure, ", "that ", "is ", "fun."));
            // Hold on for the throughput run: it measures the sink, not her answers.
            try (TestBackend backend = TestBackend.start(dir.resolve("rate"), Map.of("LLM_BASE_URL", llm.baseUrl(),
                    "AUDIENCE_HOLD", "true", "LOG_LEVEL", "WARN"))) {
                AudienceFlood harness = new AudienceFlood();
                for (int i = 0; i < 5; i++) {
                    harness.filterRate(backend.app().audience(), Math.max(1000, messages / 5)); // warm-up: the JIT's C2 tier
                }
                // The median of three runs: one run is at the mercy of whatever else the machine does meanwhile.
                double[] runs = new double[3];
                for (int i = 0; i < runs.length; i++) {
                    runs[i] = harness.filterRate(backend.app().audience(), messages);
                }
                java.util.Arrays.sort(runs);
                msgsPerS = runs[1];
                System.out.printf(Locale.ROOT, "filter+queue runs: %.0f / %.0f / %.0f msg/s%n", runs[0], runs[1], runs[2]);
            }
            try (TestBackend backend = TestBackend.start(dir.resolve("flood"), Map.of("LLM_BASE_URL", llm.baseUrl(),
                    "AUDIENCE_COOLDOWN_SECONDS", "0", "LOG_LEVEL", "WARN"))) {
                int blocks = Math.max(2, 2 * Math.ceilDiv(floodSeconds, 5));
                flood = new AudienceFlood().run(backend, rate, Duration.ofSeconds(5), blocks, Duration.ofMillis(50));
            }
        }
        System.out.printf(Locale.ROOT, "filter+queue: %.0f msg/s (target >= %.0f)%n", msgsPerS, TARGET_MSGS_PER_S);
        System.out.printf(Locale.ROOT, "flood: %d messages, queue max %d of %d, heap growth %.1f MB, accept() max %d µs%n",
                flood.messages(), flood.maxQueue(), flood.capacity(), flood.heapGrowthMb(), flood.acceptMaxMicros());
        System.out.printf(Locale.ROOT, "streamer turns: %d (%d failed), p95 quiet %.1f ms, p95 in flood %.1f ms, delay %.1f ms "
                + "(target <= %.0f)%n", flood.turns(), flood.failedTurns(), flood.quietP95Ms(), flood.floodP95Ms(), flood.delayP95Ms(),
                TARGET_DELAY_P95_MS);
        System.out.println("load average at end: " + Machine.loadAverage());
        boolean met = msgsPerS >= TARGET_MSGS_PER_S && flood.delayP95Ms() <= TARGET_DELAY_P95_MS
                && flood.maxQueue() <= flood.capacity() && flood.failedTurns() == 0;
        System.out.printf(Locale.ROOT, "audience: filter_msgs_per_s=%.0f streamer_delay_p95_ms=%.1f quiet_p95_ms=%.1f "
                + "flood_p95_ms=%.1f queue_max=%d queue_capacity=%d heap_growth_mb=%.1f met=%b%n", msgsPerS, flood.delayP95Ms(),
                flood.quietP95Ms(), flood.floodP95Ms(), flood.maxQueue(), flood.capacity(), flood.heapGrowthMb(), met);
        return met ? 0 : 1;
    }

    private AudienceBench() {}
}
