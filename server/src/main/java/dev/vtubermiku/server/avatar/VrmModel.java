package dev.vtubermiku.server.avatar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A VRM model checked from its bytes: a glTF 2.0 binary whose header and chunk lengths agree with
 * the file, whose JSON chunk parses and carries a VRM 1.0 ({@code VRMC_vrm}) or 0.x ({@code VRM})
 * extension. Read as a stream: only the JSON chunk is held, the binary chunk is skipped.
 *
 * @param version "1.0" or "0.x"
 * @param expressions the expression names three-vrm will know the model by (0.x presets under
 *     their 1.0 names: joy→happy, sorrow→sad, fun→relaxed, a→aa ...; custom ones by name)
 */
record VrmModel(String version, List<String> expressions) {

    static final int MAGIC = 0x46546C67; // "glTF"
    private static final int JSON_CHUNK = 0x4E4F534A; // "JSON"
    /** A model's JSON is tens of kilobytes to a few megabytes; more is not a model we show. */
    static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
    /** three-vrm's names for the VRM 0.x preset blend shapes. */
    private static final Map<String, String> PRESETS_0X = Map.ofEntries(
            Map.entry("joy", "happy"), Map.entry("angry", "angry"), Map.entry("sorrow", "sad"),
            Map.entry("fun", "relaxed"), Map.entry("surprised", "surprised"), Map.entry("neutral", "neutral"),
            Map.entry("a", "aa"), Map.entry("i", "ih"), Map.entry("u", "ou"), Map.entry("e", "ee"), Map.entry("o", "oh"),
            Map.entry("blink", "blink"), Map.entry("blink_l", "blinkLeft"), Map.entry("blink_r", "blinkRight"),
            Map.entry("lookup", "lookUp"), Map.entry("lookdown", "lookDown"), Map.entry("lookleft", "lookLeft"),
            Map.entry("lookright", "lookRight"));

    /**
     * Checks the model in {@code in}, which holds exactly {@code size} bytes, reading all of them.
     *
     * @throws InvalidAvatarException when it is not a well-formed VRM
     */
    static VrmModel read(InputStream in, long size, ObjectMapper json) throws IOException {
        try {
            ByteBuffer header = le(in.readNBytes(12));
            if (header.limit() < 12 || header.getInt(0) != MAGIC) {
                throw InvalidAvatarException.invalid("This is not a VRM model: a .vrm file is a glTF binary and starts with \"glTF\".");
            }
            int version = header.getInt(4);
            if (version != 2) {
                throw InvalidAvatarException.invalid("The model is glTF version " + version + "; VRM needs glTF 2.");
            }
            long declared = Integer.toUnsignedLong(header.getInt(8));
            if (declared != size) {
                throw InvalidAvatarException.invalid("The model is damaged: its header says " + declared + " bytes, the file has " + size + ".");
            }
            long left = size - 12;
            ByteBuffer first = chunkHeader(in, left);
            long jsonLength = Integer.toUnsignedLong(first.getInt(0));
            if (first.getInt(4) != JSON_CHUNK) {
                throw InvalidAvatarException.invalid("The model is damaged: its first chunk is not its JSON.");
            }
            if (jsonLength > MAX_JSON_BYTES) {
                throw InvalidAvatarException.tooLarge("The model's JSON is " + jsonLength / (1024 * 1024) + " MB; at most "
                        + MAX_JSON_BYTES / (1024 * 1024) + " MB are accepted.");
            }
            left -= 8;
            if (jsonLength > left) {
                throw truncated();
            }
            byte[] text = in.readNBytes((int) jsonLength);
            if (text.length < jsonLength) {
                throw truncated();
            }
            left -= jsonLength;
            while (left > 0) {
                long length = Integer.toUnsignedLong(chunkHeader(in, left).getInt(0));
                left -= 8;
                if (length > left) {
                    throw truncated();
                }
                in.skipNBytes(length);
                left -= length;
            }
            return fromJson(text, json);
        } catch (EOFException e) {
            throw truncated();
        }
    }

    private static VrmModel fromJson(byte[] text, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (IOException e) {
            throw InvalidAvatarException.invalid("The model is damaged: its JSON chunk does not parse.");
        }
        if (root == null || !root.isObject()) {
            throw InvalidAvatarException.invalid("The model is damaged: its JSON chunk is not an object.");
        }
        JsonNode extensions = root.path("extensions");
        Set<String> names = new LinkedHashSet<>();
        if (extensions.path("VRMC_vrm").isObject()) {
            JsonNode expressions = extensions.path("VRMC_vrm").path("expressions");
            expressions.path("preset").fieldNames().forEachRemaining(names::add);
            expressions.path("custom").fieldNames().forEachRemaining(names::add);
            return new VrmModel("1.0", bounded(names));
        }
        if (extensions.path("VRM").isObject()) {
            for (JsonNode group : extensions.path("VRM").path("blendShapeMaster").path("blendShapeGroups")) {
                String preset = group.path("presetName").asText("").toLowerCase(Locale.ROOT);
                String name = PRESETS_0X.get(preset);
                names.add(name != null ? name : group.path("name").asText(""));
            }
            names.remove("");
            return new VrmModel("0.x", bounded(names));
        }
        throw InvalidAvatarException.invalid("This glTF model is not a VRM: it has neither a VRMC_vrm (VRM 1.0) nor a VRM (0.x) extension.");
    }

    /** At most 256 names of at most 64 characters: what a mapping editor can show. */
    private static List<String> bounded(Set<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!n.isBlank() && n.length() <= 64 && out.size() < 256) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    private static ByteBuffer chunkHeader(InputStream in, long left) throws IOException {
        if (left < 8) {
            throw truncated();
        }
        ByteBuffer b = le(in.readNBytes(8));
        if (b.limit() < 8) {
            throw truncated();
        }
        return b;
    }

    private static InvalidAvatarException truncated() {
        return InvalidAvatarException.invalid("The model is damaged: a chunk is cut short or longer than the file.");
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
