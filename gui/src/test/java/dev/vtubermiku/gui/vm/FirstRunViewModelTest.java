package dev.vtubermiku.gui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vtubermiku.gui.Backends;
import dev.vtubermiku.gui.FakeHttp;
import dev.vtubermiku.gui.FakeSound;
import dev.vtubermiku.gui.UiThread;
import dev.vtubermiku.gui.net.BackendClient;
import dev.vtubermiku.gui.vm.FirstRunViewModel.Step;
import dev.vtubermiku.gui.vm.LlmChoiceViewModel.Choice;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.TestBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run guide's ViewModels without a toolkit, against a real backend, a fake Ollama and a
 * fake OpenRouter (real HTTP on loopback), and a fake sound card.
 */
class FirstRunViewModelTest {

    private static final String KEY = "sk-or-v1-right-key-0123456789";

    @TempDir
    Path dir;
    private final UiThread ui = new UiThread();
    private final FakeHttp llmServer = new FakeHttp();
    private final GuideMemory memory = GuideMemory.inMemory();
    private TestBackend backend;
    private CommandCenterModel model;
    private FirstRunViewModel guide;

    private void start(Map<String, String> env, FakeSound sound) throws Exception {
        backend = Backends.start(dir, Backends.freePort(), env);
        model = new CommandCenterModel(new BackendClient(Backends.base(backend.port()), null), ui, sound, memory);
        guide = model.firstRun();
        ui.call(guide::open).get(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.close();
        }
        if (backend != null) {
            backend.close();
        }
        llmServer.close();
        ui.close();
    }

    private JsonNode config() throws Exception {
        return Json.newMapper().readTree(backend.get("/api/config").body());
    }

    private String configValue(String key) throws Exception {
        for (JsonNode e : config().path("entries")) {
            if (e.path("key").asText().equals(key)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError(key);
    }

    private void next() throws Exception {
        ui.call(guide::next).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aLocalOllamaIsFoundWithItsModelsAndChoosingItSavesTheBaseAndModel() throws Exception {
        llmServer.answer("GET", "/v1/models", 200, "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5:7b\"},{\"id\":\"llama3.2:3b\"}]}");
        start(Map.of("LLM_LOCAL_URL", llmServer.base() + "/v1"), FakeSound.none());

        assertThat(ui.call(() -> guide.llm().choiceProperty().get())).isEqualTo(Choice.LOCAL);
        assertThat(ui.call(() -> List.copyOf(guide.llm().localModels()))).containsExactly("qwen2.5:7b", "llama3.2:3b");
        assertThat(ui.call(() -> guide.llm().localNoteProperty().get())).contains("Found a local LLM").contains("2 model(s)");
        ui.run(() -> guide.llm().localModelProperty().set("llama3.2:3b"));
        next();

        assertThat(configValue("LLM_BASE_URL")).isEqualTo(llmServer.base() + "/v1");
        assertThat(configValue("OPENROUTER_MODEL")).isEqualTo("llama3.2:3b");
        assertThat(Files.readString(dir.resolve(".env"))).contains("OPENROUTER_MODEL=llama3.2:3b");
        assertThat(ui.call(() -> guide.stepProperty().get())).isEqualTo(Step.VOICE);
    }

    @Test
    void ollamasOwnTagListIsUsedWhenItsOpenAiRouteDoesNotAnswer() throws Exception {
        llmServer.answer("GET", "/api/tags", 200, "{\"models\":[{\"name\":\"mistral:7b\",\"size\":4100000000}]}");
        start(Map.of("LLM_LOCAL_URL", llmServer.base() + "/v1"), FakeSound.none());

        assertThat(ui.call(() -> List.copyOf(guide.llm().localModels()))).containsExactly("mistral:7b");
        assertThat(ui.call(() -> guide.llm().changes())).containsEntry("LLM_BASE_URL", llmServer.base() + "/v1");
    }

    @Test
    void withoutALocalLlmTheEchoIsPickedAndSkippingSavesNothing() throws Exception {
        start(Map.of("LLM_LOCAL_URL", "http://127.0.0.1:9/v1"), FakeSound.none());

        assertThat(ui.call(() -> guide.llm().choiceProperty().get())).isEqualTo(Choice.ECHO);
        assertThat(ui.call(() -> guide.llm().localNoteProperty().get())).contains("No local LLM").contains("ollama serve");
        for (int i = 0; i < Step.values().length; i++) {
            ui.run(guide::skip);
        }
        assertThat(ui.call(() -> guide.openProperty().get())).isFalse();
        assertThat(memory.seen()).isTrue();
        assertThat(dir.resolve(".env")).doesNotExist();
    }

    @Test
    void anOpenRouterKeyIsTestedOnTheSpotAndSavedMasked() throws Exception {
        llmServer.answerWithToken("GET", "/api/v1/auth/key", KEY, "{\"data\":{\"label\":\"sk-or-v1-rig...789\",\"usage\":0}}");
        start(Map.of("LLM_BASE_URL", llmServer.base() + "/api/v1"), FakeSound.none());
        ui.run(() -> guide.llm().choiceProperty().set(Choice.OPENROUTER));

        ui.run(() -> guide.llm().keyProperty().set("sk-or-v1-wrong"));
        ui.call(() -> guide.llm().testKey()).get(20, TimeUnit.SECONDS);
        assertThat(ui.call(() -> guide.llm().keyAcceptedProperty().get())).isFalse();
        assertThat(ui.call(() -> guide.llm().keyNoteProperty().get())).contains("rejected the key (HTTP 401)")
                .doesNotContain("sk-or");

        ui.run(() -> guide.llm().keyProperty().set(KEY));
        ui.call(() -> guide.llm().testKey()).get(20, TimeUnit.SECONDS);
        assertThat(ui.call(() -> guide.llm().keyAcceptedProperty().get())).isTrue();
        assertThat(ui.call(() -> guide.llm().keyNoteProperty().get())).startsWith("Key accepted").doesNotContain(KEY);
        assertThat(llmServer.requests("GET", "/api/v1/auth/key")).hasSize(2);

        next();
        assertThat(Files.readString(dir.resolve(".env"))).contains("OPENROUTER_API_KEY=" + KEY);
        assertThat(backend.get("/api/config").body()).doesNotContain(KEY);
        assertThat(ui.call(() -> guide.messageProperty().get())).contains("Saved her LLM").doesNotContain(KEY);
    }

    @Test
    void aServerWithoutOpenRoutersKeyRouteIsAskedForItsModelsWithTheKey() throws Exception {
        llmServer.answerWithToken("GET", "/v1/models", KEY, "{\"data\":[{\"id\":\"gpt-4o-mini\"}]}");
        start(Map.of("LLM_BASE_URL", llmServer.base() + "/v1"), FakeSound.none());
        ui.run(() -> {
            guide.llm().choiceProperty().set(Choice.OPENROUTER);
            guide.llm().keyProperty().set(KEY);
        });
        ui.call(() -> guide.llm().testKey()).get(20, TimeUnit.SECONDS);
        assertThat(ui.call(() -> guide.llm().keyAcceptedProperty().get())).isTrue();
    }

    @Test
    void theVoiceIsPreviewedOutLoudAndWithoutSpeakersTheGuideSaysSo() throws Exception {
        FakeSound sound = new FakeSound(List.of("Speakers"), List.of(), null);
        start(Map.of(), sound);
        ui.run(guide::skip);

        assertThat(ui.call(() -> List.copyOf(guide.voice().voices()))).contains("test_voice");
        assertThat(ui.call(() -> guide.voice().voiceProperty().get())).isEqualTo("test_voice");
        ui.call(() -> guide.voice().preview()).get(30, TimeUnit.SECONDS);
        ui.await("the preview", () -> !sound.played.isEmpty());
        assertThat(new String(sound.played.getFirst(), 0, 4)).isEqualTo("RIFF");
        ui.await("the end of the preview", () -> guide.voice().noteProperty().get().equals("That was test_voice."));
        // the voice did not change: nothing to save
        assertThat(ui.call(() -> guide.voice().changes("/m"))).isEmpty();
        ui.run(() -> guide.voice().voiceProperty().set("en_US-lessac-medium#2"));
        assertThat(ui.call(() -> guide.voice().changes("/m/"))).containsEntry("PIPER_MODEL_PATH", "/m/piper/en_US-lessac-medium.onnx");
    }

    @Test
    void withoutASoundCardTheMicrophoneStepSaysSoAndThePreviewToo() throws Exception {
        start(Map.of(), FakeSound.none());
        ui.run(guide::skip);
        ui.call(() -> guide.voice().preview()).get(10, TimeUnit.SECONDS);
        assertThat(ui.call(() -> guide.voice().noteProperty().get())).contains("No sound output");
        ui.run(guide::skip);

        assertThat(ui.call(() -> guide.stepProperty().get())).isEqualTo(Step.MICROPHONE);
        assertThat(ui.call(() -> guide.mic().noteProperty().get())).startsWith("No microphone found");
        assertThat(ui.call(() -> guide.mic().listeningProperty().get())).isFalse();
    }

    @Test
    void theMeterMovesWithTheMicrophoneOnlyOnItsStepAndThePickGoesToTheChatTab() throws Exception {
        FakeSound sound = new FakeSound(List.of(), List.of("USB microphone"), new byte[44]);
        start(Map.of(), sound);
        ui.run(guide::skip);
        assertThat(ui.call(() -> guide.mic().listeningProperty().get())).isFalse();
        ui.run(guide::skip);

        assertThat(ui.call(() -> guide.mic().deviceProperty().get())).isEqualTo("USB microphone");
        ui.await("the level", () -> guide.mic().levelProperty().get() > 0);
        assertThat(ui.call(() -> guide.mic().listeningProperty().get())).isTrue();
        next();
        assertThat(ui.call(() -> guide.mic().listeningProperty().get())).isFalse();
        assertThat(ui.call(() -> guide.mic().levelProperty().get())).isZero();
        assertThat(ui.call(() -> model.chat().devices().microphoneProperty().get())).isEqualTo("USB microphone");
    }

    @Test
    void theCharacterPickedGoesOnAirAndTheOverlayStepGivesTheAddressForObs() throws Exception {
        start(Map.of(), FakeSound.none());
        ui.run(() -> guide.stepProperty().set(Step.CHARACTER));
        ui.await("the characters", () -> guide.characters().size() >= 3);
        CharacterInfo other = ui.call(() -> guide.characters().stream().filter(c -> !c.active()).findFirst().orElseThrow());
        ui.run(() -> guide.characterProperty().set(other));
        next();
        assertThat(Json.newMapper().readTree(backend.get("/api/characters/" + other.id()).body()).path("active").asBoolean()).isTrue();

        assertThat(ui.call(() -> guide.stepProperty().get())).isEqualTo(Step.OVERLAY);
        assertThat(ui.call(() -> guide.overlayUrlProperty().get())).isEqualTo("http://127.0.0.1:" + backend.port() + "/overlay");
        assertThat(ui.call(() -> guide.overlayAvailableProperty().get())).as("the backend serves /overlay").isTrue();
        assertThat(ui.call(() -> guide.overlayNoteProperty().get())).contains("OBS").contains("Browser source");
        next();
        assertThat(ui.call(() -> guide.openProperty().get())).isFalse();
        assertThat(memory.seen()).isTrue();
    }
}
