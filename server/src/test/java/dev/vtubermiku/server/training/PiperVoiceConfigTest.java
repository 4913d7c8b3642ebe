package dev.vtubermiku.server.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.core.speech.SpokenAudio;
import dev.vtubermiku.server.Fixtures;
import dev.vtubermiku.speech.EngineListener;
import dev.vtubermiku.speech.piper.PiperEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phoneme-map trap: newer piper1-gpl writes multi-codepoint keys that piper-jni 1.2.0 refuses.
 * The config as the trainer writes it fails in our Piper engine; completed, it loads and speaks.
 */
class PiperVoiceConfigTest {

    @TempDir
    Path dir;

    private ObjectNode trainerConfig() throws Exception {
        ObjectNode config = (ObjectNode) VoiceTests.JSON.readTree(Files.readString(Fixtures.file("piper/test_voice.onnx.json")));
        ObjectNode map = (ObjectNode) config.get("phoneme_id_map");
        map.putArray("aɪ").add(161);
        map.putArray("oʊ").add(165);
        config.remove("dataset");
        config.remove("language");
        ((ObjectNode) config.get("audio")).remove("quality");
        return config;
    }

    @Test
    void completesTheConfigAndDropsOnlyTheMultiCodepointKeys() throws Exception {
        ObjectNode trainer = trainerConfig();
        PiperVoiceConfig.Completed done = PiperVoiceConfig.complete(trainer, "en_US-nova-medium", "medium", 22050, "en-us");
        ObjectNode c = done.config();
        assertThat(done.droppedPhonemes()).containsExactly("aɪ", "oʊ");
        assertThat(c.path("phoneme_id_map").size()).isEqualTo(trainer.path("phoneme_id_map").size() - 2);
        assertThat(c.path("phoneme_id_map").path("a").get(0).asInt()).isEqualTo(trainer.path("phoneme_id_map").path("a").get(0).asInt());
        assertThat(c.path("phoneme_id_map").has("̃")).as("a combining mark is one codepoint").isEqualTo(trainer.path("phoneme_id_map").has("̃"));
        assertThat(c.path("dataset").asText()).isEqualTo("en_US-nova-medium");
        assertThat(c.path("language").path("code").asText()).isEqualTo("en_US");
        assertThat(c.path("audio").path("quality").asText()).isEqualTo("medium");
        assertThat(c.path("inference").path("noise_w").asDouble()).isEqualTo(0.8);
        assertThat(trainer.path("phoneme_id_map").has("aɪ")).as("the input is left alone").isTrue();
    }

    @Test
    void withoutAPhonemeMapThereIsNoVoice() {
        assertThatThrownBy(() -> PiperVoiceConfig.complete(null, "x", "medium", 22050, "en-us"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phoneme_id_map");
        assertThat(PiperVoiceConfig.Language.of("de")).isEqualTo(new PiperVoiceConfig.Language("de", "de", null));
        assertThat(PiperVoiceConfig.Language.of("en-gb-x-rp").code()).isEqualTo("en_GB");
    }

    @Test
    void theTrainersConfigFailsInPiperJniAndTheCompletedOneSpeaks() throws Exception {
        Path piper = dir.resolve("piper");
        Files.createDirectories(piper);
        ObjectNode trainer = trainerConfig();
        Files.copy(Fixtures.file("piper/test_voice.onnx"), piper.resolve("raw-voice.onnx"));
        Files.write(piper.resolve("raw-voice.onnx.json"), VoiceTests.JSON.writeValueAsBytes(trainer));
        Files.copy(Fixtures.file("piper/test_voice.onnx"), piper.resolve("fixed-voice.onnx"));
        Files.write(piper.resolve("fixed-voice.onnx.json"), VoiceTests.JSON.writeValueAsBytes(
                PiperVoiceConfig.complete(trainer, "fixed-voice", "medium", 22050, "en-us").config()));
        try (PiperEngine engine = new PiperEngine(() -> piper, () -> piper.resolve("none.onnx"), EngineListener.NONE)) {
            engine.refresh();
            assertThatThrownBy(() -> engine.synthesize("Hello there.", "raw-voice").get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("Phonemes must be one codepoint");
            SpokenAudio audio = engine.synthesize("Hello there.", "fixed-voice").get(60, TimeUnit.SECONDS);
            assertThat(audio.sampleRate()).isEqualTo(22050);
            assertThat(audio.seconds()).isGreaterThan(0.2);
        }
    }
}
