package dev.vtubermiku.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.server.TestBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation that the live /openapi.json lists (so routes added later are covered without
 * editing this test) driven with generated bad input ({@link FuzzCases}) over raw HTTP/1.1 and
 * judged by {@link FuzzClient#judge}: never a 500, every error as problem details, a 4xx for input
 * that is bad whatever else holds. Seed: -Dfuzz.seed=N.
 */
class OpenApiFuzzTest {

    private static final String TOKEN = "fuzz-token-0123456789";
    private static final long SEED = Long.getLong("fuzz.seed", 20261204L);

    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        // The LLM is a closed local port: a chat that gets through fails at once, as a 502/503 problem.
        backend = TestBackend.start(dir, Map.of("API_TOKEN", TOKEN, "LLM_BASE_URL", "http://127.0.0.1:9/v1", "LLM_RETRIES", "0"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void noOperationAnswersBadInputWithA5xx() throws Exception {
        FuzzClient client = new FuzzClient(backend.port(), TOKEN);
        List<FuzzCases.Operation> operations = FuzzClient.operations(client.document());
        assertThat(operations).as("operations in /openapi.json").hasSizeGreaterThan(40);

        FuzzCases generator = new FuzzCases(SEED);
        List<String> failures = new ArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        for (FuzzCases.Operation op : operations) {
            for (FuzzCases.Case c : generator.of(op)) {
                FuzzClient.Answer answer = client.exchange(c);
                requests.incrementAndGet();
                statuses.merge(answer.status(), 1, Integer::sum);
                String failure = FuzzClient.judge(op, c, answer);
                if (failure != null) {
                    failures.add(op.id() + " [" + c.label() + "] -> " + answer.status() + " " + FuzzCases.abbreviate(answer.body())
                            + " " + failure);
                }
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        long fiveHundreds = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        System.out.printf("fuzz: operations=%d requests=%d 5xx=%d internal=%d seconds=%d statuses=%s%n", operations.size(),
                requests.get(), fiveHundreds, statuses.getOrDefault(500, 0), seconds, statuses);
        assertThat(failures).as("bad requests answered wrongly (seed %d)", SEED).isEmpty();
        // The backend still answers normally afterwards.
        assertThat(client.exchange(new FuzzCases.Case("health", "GET", "/api/health", Map.of(), new byte[0], false, false)).status())
                .isEqualTo(200);
    }
}
