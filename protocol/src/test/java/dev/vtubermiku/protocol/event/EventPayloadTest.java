package dev.vtubermiku.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.protocol.CharacterSwitched;
import dev.vtubermiku.protocol.EventTypes;
import dev.vtubermiku.protocol.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPayloadTest {

    @Test
    void aPayloadBecomesSnakeCaseDataWithoutItsTypeAndWithoutNulls() {
        Map<String, Object> data = EventPayload.toData(new CharacterSwitched(2, "Miku", null));

        assertThat(data).containsExactly(Map.entry("character_id", 2L), Map.entry("name", "Miku"));
        assertThat(new CharacterSwitched(2, "Miku", 1L).eventType()).isEqualTo(EventTypes.CHARACTER_SWITCHED);
    }

    @Test
    void dataFromTheWireDecodesBackIntoTheRecordIgnoringFieldsItDoesNotKnow() throws Exception {
        ObjectMapper json = Json.newMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> wire = json.readValue(
                "{\"character_id\":2,\"name\":\"Miku\",\"previous_character_id\":1,\"added_later\":true}", Map.class);

        assertThat(EventPayload.decode(wire, CharacterSwitched.class)).isEqualTo(new CharacterSwitched(2, "Miku", 1L));
    }

    @Test
    void aWrongTypeIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> EventPayload.decode(Map.of("character_id", "two", "name", "Miku"), CharacterSwitched.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
