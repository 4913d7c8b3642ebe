package dev.vtubermiku.speech.piper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.speech.VoiceInfo;
import dev.vtubermiku.speech.FileStamp;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Piper voices: every {@code *.onnx} with its {@code .onnx.json} in the voices folder, plus
 * the default voice wherever it is. Each speaker of a multi-speaker model becomes its own voice,
 * named {@code model#speaker}.
 */
final class VoiceCatalog {

    private static final Logger log = LoggerFactory.getLogger(VoiceCatalog.class);
    private final ObjectMapper json = new ObjectMapper();

    /** Scans now. Voices whose config cannot be read are left out (and logged). */
    List<PiperVoiceFile> scan(Path folder, Path defaultVoice) {
        List<PiperVoiceFile> voices = new ArrayList<>();
        Path defaultModel = defaultVoice.toAbsolutePath().normalize();
        List<Path> models = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.onnx")) {
                files.forEach(models::add);
            } catch (IOException e) {
                log.warn("Cannot list Piper voices in {}", folder, e);
            }
        }
        if (models.stream().noneMatch(m -> m.toAbsolutePath().normalize().equals(defaultModel))) {
            models.add(defaultVoice);
        }
        models.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path model : models) {
            boolean isDefault = model.toAbsolutePath().normalize().equals(defaultModel);
            read(model, isDefault).ifPresent(voices::addAll);
        }
        return voices;
    }

    static Path configOf(Path model) {
        return model.resolveSibling(model.getFileName() + ".json");
    }

    static String nameOf(Path model) {
        String file = model.getFileName().toString();
        return file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    }

    private Optional<List<PiperVoiceFile>> read(Path model, boolean isDefault) {
        Optional<FileStamp> stamp = FileStamp.of(model);
        Path config = configOf(model);
        if (stamp.isEmpty() || !Files.isRegularFile(config)) {
            if (stamp.isPresent()) {
                log.warn("Piper voice {} has no {} beside it; skipped", model, config.getFileName());
            }
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = json.readTree(config.toFile());
        } catch (IOException e) {
            log.warn("Piper voice config {} cannot be read; voice skipped: {}", config, e.getMessage());
            return Optional.empty();
        }
        String name = nameOf(model);
        int rate = root.path("audio").path("sample_rate").asInt(22050);
        String quality = text(root.path("audio").path("quality"));
        String language = Optional.ofNullable(text(root.path("language").path("code")))
                .or(() -> Optional.ofNullable(text(root.path("espeak").path("voice"))))
                .orElse("und");
        JsonNode inference = root.path("inference");
        double length = inference.path("length_scale").asDouble(1.0);
        double noise = inference.path("noise_scale").asDouble(0.667);
        double noiseW = inference.path("noise_w").asDouble(0.8);
        int speakers = root.path("num_speakers").asInt(1);
        List<PiperVoiceFile> voices = new ArrayList<>();
        if (speakers <= 1) {
            voices.add(new PiperVoiceFile(new VoiceInfo(name, language, rate, quality, null, length, noise, noiseW, isDefault),
                    model, config, 0, stamp.get()));
        } else {
            List<Map.Entry<String, JsonNode>> ids = new ArrayList<>(root.path("speaker_id_map").properties());
            ids.sort(Comparator.comparingInt(e -> e.getValue().asInt()));
            if (ids.isEmpty()) {
                for (int i = 0; i < speakers; i++) {
                    ids.add(Map.entry(Integer.toString(i), json.getNodeFactory().numberNode(i)));
                }
            }
            for (Map.Entry<String, JsonNode> speaker : ids) {
                // The first speaker is also what a bare model name (and the default voice) means.
                voices.add(new PiperVoiceFile(new VoiceInfo(name + "#" + speaker.getKey(), language, rate, quality,
                        speaker.getKey(), length, noise, noiseW, isDefault && voices.isEmpty()),
                        model, config, speaker.getValue().asInt(), stamp.get()));
            }
        }
        return Optional.of(voices);
    }

    private static @Nullable String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
