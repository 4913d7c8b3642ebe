package dev.vtubermiku.server.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@code .onnx.json} of a trained voice complete, and loadable by this project's Piper
 * engine (piper-jni 1.2.0).
 *
 * <p>piper1-gpl's trainer writes the config to {@code --data.config_path} without {@code dataset},
 * {@code language} or {@code audio.quality}; those are added here. And its phoneme map has keys of
 * several codepoints (the diphthongs {@code aɪ aʊ ɔɪ eɪ oʊ}), which piper-jni refuses with "Phonemes
 * must be one codepoint". The decision: drop those keys. piper1-gpl's trainer phonemizes its dataset
 * with {@code EspeakPhonemizer.phonemize(voice, text)} without vowel clusters
 * ({@code piper/train/vits/dataset.py}), so every diphthong it trained on reached the model as its
 * single-codepoint parts, with those parts' ids: without the cluster keys piper-jni produces exactly
 * the ids the model learned. The trainer's own config stays in the run folder for other runtimes.
 */
public final class PiperVoiceConfig {

    private PiperVoiceConfig() {}

    /** The finished config, and the phoneme keys that were dropped. */
    public record Completed(ObjectNode config, List<String> droppedPhonemes) {}

    /** Language fields from an espeak-ng voice: {@code en-us} is en_US (family en, region US). */
    public record Language(String code, String family, @Nullable String region) {

        public static Language of(String espeakVoice) {
            String[] parts = espeakVoice.trim().split("[-_]");
            String family = parts[0].toLowerCase(Locale.ROOT);
            String region = parts.length > 1 && parts[1].matches("[A-Za-z]{2}") ? parts[1].toUpperCase(Locale.ROOT) : null;
            return new Language(region == null ? family : family + "_" + region, family, region);
        }
    }

    /**
     * @param trainer the config piper1-gpl wrote during training, or null when it wrote none
     * @throws IllegalArgumentException when there is no phoneme map to speak with
     */
    public static Completed complete(@Nullable JsonNode trainer, String dataset, String quality, int sampleRate,
            String espeakVoice) {
        ObjectNode c = trainer instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        ObjectNode audio = c.get("audio") instanceof ObjectNode a ? a : c.putObject("audio");
        if (!audio.path("sample_rate").canConvertToInt() || audio.path("sample_rate").asInt() <= 0) {
            audio.put("sample_rate", sampleRate);
        }
        audio.put("quality", quality);
        ObjectNode espeak = c.get("espeak") instanceof ObjectNode e ? e : c.putObject("espeak");
        if (espeak.path("voice").asText("").isBlank()) {
            espeak.put("voice", espeakVoice);
        }
        Language lang = Language.of(espeak.path("voice").asText());
        ObjectNode language = c.putObject("language");
        language.put("code", lang.code());
        language.put("family", lang.family());
        if (lang.region() != null) {
            language.put("region", lang.region());
        }
        c.put("dataset", dataset);
        ObjectNode inference = c.get("inference") instanceof ObjectNode i ? i : c.putObject("inference");
        putIfAbsent(inference, "noise_scale", 0.667);
        putIfAbsent(inference, "length_scale", 1.0);
        putIfAbsent(inference, "noise_w", 0.8);
        if (!c.path("phoneme_type").isTextual()) {
            c.put("phoneme_type", "espeak");
        }
        if (!(c.get("phoneme_map") instanceof ObjectNode)) {
            c.putObject("phoneme_map");
        }
        if (!(c.get("phoneme_id_map") instanceof ObjectNode map) || map.isEmpty()) {
            throw new IllegalArgumentException("the trainer's config has no phoneme_id_map");
        }
        ObjectNode ids = JsonNodeFactory.instance.objectNode();
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String key = e.getKey();
            if (key.codePointCount(0, key.length()) != 1) {
                dropped.add(key);
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isArray()) {
                ids.set(key, v);
            } else if (v.canConvertToInt()) {
                ArrayNode one = ids.putArray(key);
                one.add(v.asInt());
            }
        }
        c.set("phoneme_id_map", ids);
        if (!c.path("num_symbols").canConvertToInt()) {
            c.put("num_symbols", 256);
        }
        if (!c.path("num_speakers").canConvertToInt()) {
            c.put("num_speakers", 1);
        }
        if (!(c.get("speaker_id_map") instanceof ObjectNode)) {
            c.putObject("speaker_id_map");
        }
        if (!c.path("piper_version").isTextual()) {
            c.put("piper_version", "1.0.0");
        }
        return new Completed(c, dropped);
    }

    private static void putIfAbsent(ObjectNode node, String field, double value) {
        if (!node.path(field).isNumber()) {
            node.put(field, value);
        }
    }
}
