package dev.vtubermiku.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code .env.example} at the repository root documents every key (DESIGN.md, Configuration). */
class DotEnvExampleTest {

    private Path example;
    private List<String> lines;

    @BeforeEach
    void readExample() throws IOException {
        String root = System.getProperty("vtuber.repo.root");
        assumeTrue(root != null && !root.isBlank(), "vtuber.repo.root is not set (surefire sets it)");
        example = Path.of(root, ".env.example");
        assumeTrue(Files.isRegularFile(example), example + " is missing");
        lines = Files.readAllLines(example, StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryKeyWithItsExactDefaultAndACommentAboveIt() {
        List<String> problems = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            String expected = key.name() + "=" + key.defaultValue();
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(key.name() + "=")) {
                    if (at >= 0) {
                        problems.add(key + " is listed twice");
                    }
                    at = i;
                }
            }
            if (at < 0) {
                problems.add(key + " is missing");
                continue;
            }
            if (!lines.get(at).equals(expected)) {
                problems.add(key + ": expected '" + expected + "' but found '" + lines.get(at) + "'");
            }
            if (at == 0 || !lines.get(at - 1).startsWith("# ")) {
                problems.add(key + " has no comment line right above it");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void listsNoKeyThatDoesNotExist() {
        List<String> keys = lines.stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, Math.max(0, l.indexOf('='))))
                .toList();

        assertThat(keys).allSatisfy(k -> assertThat(ConfigKey.find(k)).as("key '%s'", k).isPresent());
        assertThat(keys).containsExactlyInAnyOrderElementsOf(Arrays.stream(ConfigKey.values()).map(Enum::name).toList());
    }

    @Test
    void copiedToDotEnvItLoadsAsTheDefaults() {
        Map<String, String> values = new DotEnvFile(example).read();
        Settings settings = ConfigLoader.load(Map.of(), new DotEnvFile(example));

        assertThat(values).hasSize(ConfigKey.values().length);
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(settings.get(key)).as(key.name()).isEqualTo(key.defaultValue());
        }
    }
}
