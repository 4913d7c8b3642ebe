package dev.vtubermiku.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotEnvFileTest {

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve(".env");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void aMissingFileHasNoValues() {
        assertThat(new DotEnvFile(dir.resolve(".env")).read()).isEmpty();
    }

    @Test
    void readsKeysValuesQuotesAndComments() throws IOException {
        Path file = write(
                "# a comment line",
                "   # an indented comment",
                "#COMMENTED=out",
                "",
                "PLAIN=value",
                "export EXPORTED=yes",
                "SPACED  =  around  ",
                "DOUBLE=\"two words\"",
                "SINGLE='it stays $HOME \\n raw'",
                "ESCAPED=\"say \\\"hi\\\"\\nnext line\"",
                "HASH_QUOTED=\"a # b\"",
                "WINDOWS=\"C:\\Temp\\x\"",
                "INLINE=value # a comment",
                "NO_SPACE_HASH=abc#def",
                "URL=https://example.com/a?b=c#frag",
                "EMPTY=",
                "EQUALS=a=b",
                "not a key value line",
                "=no key",
                "1BAD=starts with a digit");

        Map<String, String> values = new DotEnvFile(file).read();

        assertThat(values).containsExactly(
                Map.entry("PLAIN", "value"),
                Map.entry("EXPORTED", "yes"),
                Map.entry("SPACED", "around"),
                Map.entry("DOUBLE", "two words"),
                Map.entry("SINGLE", "it stays $HOME \\n raw"),
                Map.entry("ESCAPED", "say \"hi\"\nnext line"),
                Map.entry("HASH_QUOTED", "a # b"),
                Map.entry("WINDOWS", "C:\\Temp\\x"),
                Map.entry("INLINE", "value"),
                Map.entry("NO_SPACE_HASH", "abc#def"),
                Map.entry("URL", "https://example.com/a?b=c#frag"),
                Map.entry("EMPTY", ""),
                Map.entry("EQUALS", "a=b"));
    }

    @Test
    void quotedValuesMayHaveACommentAfterThem() throws IOException {
        Path file = write(
                "API_HOST=\"127.0.0.1\" # loopback only",
                "DATA_DIR='/srv/my data'   # where clips go",
                "LOG_FILE=\"logs/a #1.log\" # the hash inside the quotes stays");

        assertThat(new DotEnvFile(file).read()).containsExactly(
                Map.entry("API_HOST", "127.0.0.1"),
                Map.entry("DATA_DIR", "/srv/my data"),
                Map.entry("LOG_FILE", "logs/a #1.log"));
    }

    @Test
    void aValueThatIsOnlyACommentIsEmpty() throws IOException {
        Path file = write("API_TOKEN= # set one to open the API to the network", "MODEL_MIRROR=\t# none");

        assertThat(new DotEnvFile(file).read()).containsExactly(Map.entry("API_TOKEN", ""), Map.entry("MODEL_MIRROR", ""));
    }

    @Test
    void theLastOfRepeatedKeysWins() throws IOException {
        assertThat(new DotEnvFile(write("A=1", "A=2")).read()).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void updateKeepsCommentsAndOtherLinesAndReplacesKeysInPlace() throws IOException {
        Path file = write(
                "# VtuberMiku settings",
                "API_PORT=8765",
                "",
                "# the model",
                "export OPENROUTER_MODEL=old/model # chosen in the GUI",
                "UNRELATED=keep me",
                "# LOG_LEVEL=TRACE");

        new DotEnvFile(file).update(Map.of("API_PORT", "9000", "OPENROUTER_MODEL", "new/model"));

        assertThat(lines(file)).containsExactly(
                "# VtuberMiku settings",
                "API_PORT=9000",
                "",
                "# the model",
                "OPENROUTER_MODEL=new/model",
                "UNRELATED=keep me",
                "# LOG_LEVEL=TRACE");
    }

    @Test
    void updateAppendsNewKeysInTheOrderGiven() throws IOException {
        Path file = write("# header", "API_PORT=8765");
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("LOG_LEVEL", "DEBUG");
        changes.put("DEBUG", "true");

        new DotEnvFile(file).update(changes);

        assertThat(lines(file)).containsExactly("# header", "API_PORT=8765", "LOG_LEVEL=DEBUG", "DEBUG=true");
    }

    @Test
    void updateRemovesKeysSetToNull() throws IOException {
        Path file = write("# keep", "LOG_LEVEL=DEBUG", "API_PORT=9000");
        Map<String, String> changes = new HashMap<>();
        changes.put("LOG_LEVEL", null);
        changes.put("NOT_THERE", null);

        new DotEnvFile(file).update(changes);

        assertThat(lines(file)).containsExactly("# keep", "API_PORT=9000");
    }

    @Test
    void aRepeatedKeyIsChangedWhereverItIs() throws IOException {
        // read() takes the last occurrence, so changing only the first would change nothing.
        Path file = write("LOG_LEVEL=DEBUG", "API_PORT=9000", "LOG_LEVEL=TRACE");
        DotEnvFile dotEnv = new DotEnvFile(file);

        dotEnv.update(Map.of("LOG_LEVEL", "INFO"));

        assertThat(dotEnv.read()).containsEntry("LOG_LEVEL", "INFO");
        assertThat(lines(file)).containsExactly("LOG_LEVEL=INFO", "API_PORT=9000");

        Files.write(file, List.of("LOG_LEVEL=DEBUG", "API_PORT=9000", "LOG_LEVEL=TRACE"));
        Map<String, String> remove = new HashMap<>();
        remove.put("LOG_LEVEL", null);
        dotEnv.update(remove);

        assertThat(dotEnv.read()).doesNotContainKey("LOG_LEVEL");
        assertThat(lines(file)).containsExactly("API_PORT=9000");
    }

    @Test
    void updateCreatesTheFileAndItsFolder() {
        Path file = dir.resolve("config/nested/.env");

        new DotEnvFile(file).update(Map.of("API_PORT", "9000"));

        assertThat(file).hasContent("API_PORT=9000");
        assertThat(new DotEnvFile(file).read()).containsExactly(Map.entry("API_PORT", "9000"));
    }

    @Test
    void updateLeavesNoTemporaryFilesBehind() throws IOException {
        Path file = write("A=1");

        new DotEnvFile(file).update(Map.of("A", "2"));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void valuesThatNeedItAreQuoted() throws IOException {
        Path file = write();
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("SIMPLE", "https://openrouter.ai/api/v1");
        changes.put("SPACES", "/srv/my data");
        changes.put("HASH", "a#b");
        changes.put("EMPTY", "");

        new DotEnvFile(file).update(changes);

        assertThat(lines(file)).containsExactly(
                "SIMPLE=https://openrouter.ai/api/v1",
                "SPACES=\"/srv/my data\"",
                "HASH=\"a#b\"",
                "EMPTY=");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "plain", "", "two words", "a # b", "a#b", "tab\tinside", "say \"hi\"", "single 'quotes'", "'",
        "new\nline", "carriage\rreturn", "literal \\n not a newline", "C:\\Users\\nina\\My Voices",
        "ends with backslash\\", "\\\"", "back\\\\slashes", "  padded  ",
        "$HOME and ${VAR}", "ünïcödé 🎤", "=starts with equals", "#starts with hash", "\"quoted\"", "'single'"})
    void everyValueSurvivesAnUpdateAndARead(String value) throws IOException {
        Path file = write("# settings", "OTHER=1");
        DotEnvFile dotEnv = new DotEnvFile(file);

        dotEnv.update(Map.of("VALUE", value));

        assertThat(dotEnv.read()).containsEntry("VALUE", value).containsEntry("OTHER", "1");
    }

    @Test
    void pathIsTheFileGiven() {
        Path file = dir.resolve(".env");

        assertThat(new DotEnvFile(file).path()).isEqualTo(file);
    }
}
