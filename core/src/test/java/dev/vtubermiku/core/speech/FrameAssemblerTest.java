package dev.vtubermiku.core.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    @Test
    void piecesOfAnyLengthBecomeWholeFramesInOrderAndTheRestWaits() {
        FrameAssembler frames = new FrameAssembler(4);
        List<float[]> out = new ArrayList<>();

        frames.push(new float[] {1, 2, 3}, f -> out.add(f.clone()));
        assertThat(out).isEmpty();
        frames.push(new float[] {4, 5, 6, 7, 8, 9, 10}, f -> out.add(f.clone()));
        frames.push(new float[0], f -> out.add(f.clone()));
        frames.push(new float[] {11, 12}, f -> out.add(f.clone()));

        assertThat(out).containsExactly(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, new float[] {9, 10, 11, 12});
    }

    @Test
    void aFrameNeedsASample() {
        assertThatThrownBy(() -> new FrameAssembler(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
