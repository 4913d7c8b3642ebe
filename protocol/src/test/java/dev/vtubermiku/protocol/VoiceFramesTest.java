package dev.vtubermiku.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VoiceFramesTest {

    @Test
    void anAudioFrameSurvivesTheRoundTripWithTheDocumentedLayout() {
        UUID turn = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
        short[] pcm = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE};
        byte[] bytes = VoiceFrames.encode(new VoiceFrames.AudioFrame(turn, 4_000_000_000L, 7, 22_050,
                VoiceFrames.FLAG_CHUNK_END, pcm));

        assertThat(bytes).hasSize(VoiceFrames.HEADER_BYTES + 10);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.get(0)).isEqualTo((byte) 1);
        assertThat(b.get(1)).isEqualTo((byte) 1);
        assertThat(b.getShort(2)).isEqualTo((short) 7);
        assertThat(b.getInt(4) & 0xffffffffL).isEqualTo(4_000_000_000L);
        assertThat(b.getInt(8)).isEqualTo(22_050);
        assertThat(bytes[12]).isEqualTo((byte) 0x01);
        assertThat(bytes[27]).isEqualTo((byte) 0xef);
        assertThat(b.getShort(28 + 6)).isEqualTo(Short.MAX_VALUE);

        VoiceFrames.AudioFrame back = VoiceFrames.decode(ByteBuffer.wrap(bytes));
        assertThat(back.turnId()).isEqualTo(turn);
        assertThat(back.seq()).isEqualTo(4_000_000_000L);
        assertThat(back.chunk()).isEqualTo(7);
        assertThat(back.sampleRate()).isEqualTo(22_050);
        assertThat(back.chunkEnd()).isTrue();
        assertThat(back.turnEnd()).isFalse();
        assertThat(back.samples()).containsExactly(pcm);
    }

    @Test
    void microphonePcmIsReadAsFloatsAndBadSizesAreRefused() {
        byte[] pcm = VoiceFrames.pcm(new short[] {16_384, -32_768, 99}, 0, 2);
        assertThat(pcm).containsExactly(0x00, 0x40, 0x00, 0x80);
        assertThat(VoiceFrames.readPcm(ByteBuffer.wrap(pcm))).containsExactly(0.5f, -1f);
        assertThatThrownBy(() -> VoiceFrames.readPcm(ByteBuffer.wrap(new byte[3]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VoiceFrames.readPcm(ByteBuffer.wrap(new byte[VoiceFrames.MAX_INPUT_BYTES + 2])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VoiceFrames.decode(ByteBuffer.wrap(new byte[10]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void voiceMessagesParseFromTheirJson() throws Exception {
        var json = Json.newMapper();
        assertThat(json.readValue("{\"type\":\"voice.start\",\"character_id\":3,\"barge_in\":false}", ClientMessage.class))
                .isEqualTo(new ClientMessage.VoiceStart(3L, false));
        assertThat(json.readValue("{\"type\":\"voice.start\"}", ClientMessage.class)).isEqualTo(new ClientMessage.VoiceStart(null, null));
        assertThat(json.readValue("{\"type\":\"voice.stop\"}", ClientMessage.class)).isEqualTo(new ClientMessage.VoiceStop());
        assertThat(json.writeValueAsString(ServerReply.voiceStarted(new VoiceSessionInfo(1, 16_000, 400, true))))
                .isEqualTo("{\"type\":\"voice.started\",\"voice\":{\"character_id\":1,\"input_sample_rate\":16000,"
                        + "\"end_silence_ms\":400,\"barge_in\":true}}");
    }
}
