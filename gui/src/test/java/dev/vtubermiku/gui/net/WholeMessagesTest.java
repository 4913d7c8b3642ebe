package dev.vtubermiku.gui.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WholeMessagesTest {

    @Test
    void textPartsBecomeOneMessageAtTheLastAndTheNextStartsEmpty() {
        WholeMessages parts = new WholeMessages();
        assertThat(parts.text("{\"type\":", false)).isNull();
        assertThat(parts.text("\"chat.token\"", false)).isNull();
        assertThat(parts.text("}", true)).isEqualTo("{\"type\":\"chat.token\"}");
        assertThat(parts.text("{}", true)).isEqualTo("{}");
    }

    @Test
    void binaryPartsBecomeOneMessageAtTheLastAndTheNextStartsEmpty() {
        WholeMessages parts = new WholeMessages();
        assertThat(parts.binary(ByteBuffer.wrap(new byte[] {1, 2}), false)).isNull();
        assertThat(parts.binary(ByteBuffer.wrap(new byte[] {3}), true)).containsExactly(1, 2, 3);
        assertThat(parts.binary(ByteBuffer.wrap(new byte[] {4}), true)).containsExactly(4);
    }

    @Test
    void textAndBinaryAreJoinedApart() {
        WholeMessages parts = new WholeMessages();
        assertThat(parts.text("a", false)).isNull();
        assertThat(parts.binary(ByteBuffer.wrap(new byte[] {9}), true)).containsExactly(9);
        assertThat(parts.text("b", true)).isEqualTo("ab");
    }
}
