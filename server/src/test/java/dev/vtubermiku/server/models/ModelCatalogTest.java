package dev.vtubermiku.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.protocol.Json;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.server.config.ConfigKey;
import dev.vtubermiku.server.config.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in catalog: the names the hints promise, the upstream layouts, the install paths the configuration expects. */
class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn(Json.newMapper());

    private ModelEntry entry(String name) {
        return catalog.find(name).orElseThrow(() -> new AssertionError(name + " is not in the catalog"));
    }

    @Test
    void theNamesTheFixHintsPromiseExistAndInstallWhereTheDefaultsLook() {
        Settings defaults = Settings.defaults();
        Path models = defaults.modelsDir();
        ModelEntry voice = entry("en_US-amy-medium");
        ModelEntry whisper = entry("whisper-" + ConfigKey.WHISPER_MODEL.defaultValue());
        ModelEntry vad = entry("silero-vad");

        assertThat(voice.targets(models).stream().map(Path::normalize)).containsExactly(
                defaults.piperModelPath().normalize(),
                defaults.piperModelPath().resolveSibling("en_US-amy-medium.onnx.json").normalize());
        assertThat(whisper.targets(models)).containsExactly(defaults.whisperModelFile());
        assertThat(vad.targets(models).getFirst().normalize()).isEqualTo(defaults.vadModelPath().normalize());
        assertThat(List.of(voice, whisper, vad)).allMatch(ModelEntry::isDefault);
    }

    @Test
    void piperVoicesAreTwoFilesInThePiperVoicesLayoutWithTheirMd5() {
        List<ModelEntry> voices = catalog.entries().stream().filter(e -> e.kind() == ModelKind.PIPER).toList();
        assertThat(voices).extracting(ModelEntry::name)
                .contains("en_US-amy-medium", "en_US-lessac-medium", "en_US-amy-low", "de_DE-eva_k-x_low");
        for (ModelEntry voice : voices) {
            String[] parts = voice.name().split("-"); // language_REGION-name-quality
            String folder = parts[0].substring(0, 2) + "/" + parts[0] + "/" + parts[1] + "/" + parts[2] + "/";
            assertThat(voice.files()).extracting(CatalogFile::file)
                    .containsExactly(voice.name() + ".onnx", voice.name() + ".onnx.json");
            for (CatalogFile file : voice.files()) {
                assertThat(file.url()).hasToString("https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/" + folder + file.file());
                assertThat(file.checksum().algorithm()).isEqualTo(Checksum.Algorithm.MD5);
            }
            assertThat(voice.files().getFirst().size()).isGreaterThan(10_000_000);
        }
    }

    @Test
    void whisperModelsAreGgmlFilesWithTheirSha256() {
        List<ModelEntry> whisper = catalog.entries().stream().filter(e -> e.kind() == ModelKind.WHISPER).toList();
        assertThat(whisper).extracting(ModelEntry::name).contains("whisper-tiny", "whisper-tiny.en", "whisper-base",
                "whisper-base.en", "whisper-small", "whisper-small.en", "whisper-tiny-q5_1", "whisper-base-q8_0",
                "whisper-small.en-q5_1");
        for (ModelEntry model : whisper) {
            String ggml = "ggml-" + model.name().substring("whisper-".length()) + ".bin";
            assertThat(model.files()).singleElement().satisfies(file -> {
                assertThat(file.file()).isEqualTo(ggml);
                assertThat(file.url()).hasToString("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/" + ggml);
                assertThat(file.checksum().algorithm()).isEqualTo(Checksum.Algorithm.SHA256);
            });
        }
        assertThat(entry("whisper-base").files().getFirst().size()).isEqualTo(147_951_465L);
    }

    @Test
    void theSileroEntryIsTheFileTheFixtureIs() {
        CatalogFile file = entry("silero-vad").files().getFirst();
        assertThat(file.checksum().hex()).isEqualTo(Fixtures.sha256("vad/silero_vad_v5.onnx"));
        assertThat(file.size()).isEqualTo(Fixtures.bytes("vad/silero_vad_v5.onnx").length);
    }

    @Test
    void namesAreFoundRegardlessOfCaseAndTyposGetSuggestions() {
        assertThat(catalog.find("EN_us-AMY-medium")).map(ModelEntry::name).hasValue("en_US-amy-medium");
        assertThat(catalog.find("amy")).isEmpty();
        assertThat(catalog.closeTo("whisper-bsae", 3)).first().isEqualTo("whisper-base");
        assertThat(catalog.closeTo("amy", 5)).contains("en_US-amy-medium", "en_US-amy-low");
        assertThat(catalog.closeTo("silero", 5)).containsExactly("silero-vad");
        assertThat(catalog.closeTo("qqqqqqqq", 5)).isEmpty();
    }
}
