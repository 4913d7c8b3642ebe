package dev.vtubermiku.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.gui.net.BackendClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiSettingsTest {

    @Test
    void defaultsReachTheLocalBackend(@TempDir Path dir) {
        GuiSettings s = GuiSettings.load(Map.of(), dir.resolve(".env"));
        assertThat(s.baseUri()).hasToString("http://127.0.0.1:8765");
        assertThat(s.token()).isNull();
    }

    @Test
    void theEnvironmentWinsOverDotEnvAndABindAllAddressIsReachedOnLoopback(@TempDir Path dir) throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), """
                # the backend's own file
                export API_HOST=0.0.0.0
                API_PORT=9000 # comment
                API_TOKEN="s3cret token"
                """);
        GuiSettings s = GuiSettings.load(Map.of("API_PORT", "9100"), env);
        assertThat(s.baseUri()).hasToString("http://127.0.0.1:9100");
        assertThat(s.token()).isEqualTo("s3cret token");
        try (BackendClient client = new BackendClient(s.baseUri(), s.token())) {
            assertThat(client.webSocketUri(42L)).hasToString("ws://127.0.0.1:9100/ws?since=42&token=s3cret+token");
            assertThat(client.webSocketUri(null)).hasToString("ws://127.0.0.1:9100/ws?token=s3cret+token");
        }
    }

    @Test
    void aBadPortIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> GuiSettings.load(Map.of("API_PORT", "eighty"), dir.resolve(".env")))
                .hasMessageContaining("API_PORT must be a port number, not 'eighty'");
    }
}
