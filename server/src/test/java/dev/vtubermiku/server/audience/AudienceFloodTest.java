package dev.vtubermiku.server.audience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.FakeLlmServer;
import dev.vtubermiku.server.FakeLlmServer.Script;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short flood: 100 viewer messages a second (in alternating one-second blocks, 4 s of flood)
 * while the streamer chats over HTTP. The queue stays within its bound, the streamer's turns are not
 * slower by more than 50 ms p95, the connector's call returns at once, memory stays flat.
 * {@code AudienceBench} runs the long one (30 s of flood).
 */
class AudienceFloodTest {

    @TempDir
    Path dir;

    @Test
    void aFloodDoesNotDelayTheStreamerNorGrowTheQueue() throws Exception {
        try (FakeLlmServer llm = new FakeLlmServer();
                TestBackend backend = TestBackend.start(dir, Map.of("LLM_BASE_URL", llm.baseUrl(),
                        "AUDIENCE_COOLDOWN_SECONDS", "0", "AUDIENCE_QUEUE_SIZE", "30", "CHAT_MEMORY_RECALL", "0"))) {
            llm.recording(false).script(Script.reply("[joy] ", "Sure, ", "that ", "is ", "fun."));
            AudienceFlood.Result r = new AudienceFlood().run(backend, 100, Duration.ofSeconds(1), 8, Duration.ofMillis(50));

            assertThat(r.failedTurns()).isZero();
            assertThat(r.messages()).as("about 100 a second for 4 s").isGreaterThan(300);
            assertThat(r.maxQueue()).isLessThanOrEqualTo(30);
            assertThat(r.heapGrowthMb()).as("heap growth").isLessThan(64);
            // A 50 ms difference can be measured only where a quiet turn itself is quick: on a machine so
            // loaded that quiet turns take 100 ms and more, scheduling noise alone exceeds the target, and
            // AudienceBench (docs/PERFORMANCE.md) is where the figure is judged.
            if (r.quietP95Ms() < 100) {
                assertThat(r.delayP95Ms()).as("streamer delay p95: %s", r).isLessThanOrEqualTo(50);
            }
        }
    }
}
