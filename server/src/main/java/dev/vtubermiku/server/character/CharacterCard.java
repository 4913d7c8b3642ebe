package dev.vtubermiku.server.character;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vtubermiku.server.store.CharacterDao;
import org.jspecify.annotations.Nullable;

/**
 * A SillyTavern character card held as its JSON tree, so that every field we do not model (lorebook,
 * tags, alternate greetings, other apps' extensions, V3 assets…) survives import and export.
 * Reads V1 (flat fields), V2 ({@code chara_card_v2}) and V3 ({@code chara_card_v3}); what we model
 * is mapped onto the card's standard fields, and voice and avatar onto
 * {@code data.extensions.vtubermiku}.
 */
final class CharacterCard {

    static final String V2 = "chara_card_v2";
    static final String V3 = "chara_card_v3";
    private static final String EXTENSION = "vtubermiku";
    private static final int MAX_NAME = 200;

    private final ObjectNode root;

    private CharacterCard(ObjectNode root) {
        this.root = root;
    }

    /** A card from its JSON; V1 cards are lifted into V2 with every field kept. */
    static CharacterCard of(JsonNode json) {
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidCardException("A character card must be a JSON object.");
        }
        ObjectNode root = object.deepCopy();
        JsonNode spec = root.get("spec");
        if (spec == null) {
            if (!root.hasNonNull("name")) {
                throw new InvalidCardException("This JSON is not a character card: it has neither \"spec\" nor \"name\".");
            }
            ObjectNode lifted = JsonNodeFactory.instance.objectNode();
            lifted.put("spec", V2).put("spec_version", "2.0").set("data", root);
            root = lifted;
        } else if (!spec.isTextual() || !(spec.asText().equals(V2) || spec.asText().equals(V3))) {
            throw new InvalidCardException("Unsupported card spec " + spec + ": chara_card_v2 and chara_card_v3 are supported.");
        }
        if (!(root.get("data") instanceof ObjectNode data)) {
            throw new InvalidCardException("The card has no \"data\" object.");
        }
        String name = text(data, "name").strip();
        if (name.isEmpty()) {
            throw new InvalidCardException("The card has no name.");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidCardException("The card's name is longer than " + MAX_NAME + " characters.");
        }
        return new CharacterCard(root);
    }

    /** A new V2 card for a character made in the app. */
    static CharacterCard blank() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("spec", V2).put("spec_version", "2.0");
        ObjectNode data = root.putObject("data");
        for (String field : new String[] {"name", "description", "personality", "scenario", "first_mes", "mes_example",
                "creator_notes", "system_prompt", "post_history_instructions"}) {
            data.put(field, "");
        }
        data.putArray("alternate_greetings");
        data.putArray("tags");
        data.put("creator", "").put("character_version", "");
        data.putObject("extensions");
        return new CharacterCard(root);
    }

    boolean isV3() {
        return V3.equals(root.path("spec").asText());
    }

    private ObjectNode data() {
        return (ObjectNode) root.get("data");
    }

    /** What the card says, as the columns we keep. */
    CharacterDao.Fields fields(@Nullable String avatarUrl) {
        ObjectNode data = data();
        JsonNode ours = data.path("extensions").path(EXTENSION);
        String avatar = ours.hasNonNull("avatar_url") ? ours.get("avatar_url").asText() : avatarUrl;
        String voice = ours.hasNonNull("voice") ? ours.get("voice").asText() : null;
        return new CharacterDao.Fields(text(data, "name").strip(), text(data, "description"), text(data, "personality"),
                avatar, text(data, "first_mes"), text(data, "mes_example"), voice, root.toString());
    }

    /** The card's scenario, which the chat engine adds to the profile. */
    String scenario() {
        return text(data(), "scenario");
    }

    /**
     * This card with the character's current fields written over it. A local avatar (one this app
     * serves) is not written: it means nothing to another app, and a PNG export carries the image.
     */
    CharacterCard with(CharacterDao.Fields fields) {
        ObjectNode root = this.root.deepCopy();
        ObjectNode data = (ObjectNode) root.get("data");
        data.put("name", fields.name());
        data.put("description", fields.profile());
        data.put("personality", fields.personality());
        data.put("first_mes", fields.greeting());
        data.put("mes_example", fields.exampleDialogue());
        String avatar = fields.avatarUrl() != null && fields.avatarUrl().matches("(?i)https?://.*") ? fields.avatarUrl() : null;
        JsonNode extensions = data.get("extensions");
        ObjectNode ours = extensions != null && extensions.get(EXTENSION) instanceof ObjectNode existing ? existing : null;
        if (ours == null && (fields.voice() != null || avatar != null)) {
            ours = (extensions instanceof ObjectNode e ? e : data.putObject("extensions")).putObject(EXTENSION);
        }
        if (ours != null) {
            putOrRemove(ours, "voice", fields.voice());
            putOrRemove(ours, "avatar_url", avatar);
        }
        return new CharacterCard(root);
    }

    /** The same card under the V2 spec name, as the PNG {@code chara} chunk carries it for older readers. */
    CharacterCard asV2() {
        ObjectNode root = this.root.deepCopy();
        root.put("spec", V2).put("spec_version", "2.0");
        return new CharacterCard(root);
    }

    ObjectNode json() {
        return root.deepCopy();
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static void putOrRemove(ObjectNode node, String field, @Nullable String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isValueNode()) {
            throw new InvalidCardException("The card's \"" + field + "\" must be text.");
        }
        return value.asText();
    }
}
