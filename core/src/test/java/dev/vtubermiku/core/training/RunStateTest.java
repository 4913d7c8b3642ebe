package dev.vtubermiku.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunStateTest {

    @Test
    void everyStateHasItsStoredNameAndReadsBackFromIt() {
        List<RunState> all = List.of(new RunState.Queued(), new RunState.Preparing(), new RunState.Training(),
                new RunState.Exporting(), new RunState.Ready(), new RunState.Failed("out of memory", "use a smaller batch"),
                new RunState.Cancelled(), new RunState.Interrupted());
        assertThat(all).extracting(RunState::wire).containsExactly(
                "queued", "preparing", "training", "exporting", "ready", "failed", "cancelled", "interrupted");
        for (RunState state : all) {
            assertThat(RunState.parse(state.wire(), "out of memory", "use a smaller batch")).isEqualTo(state);
        }
    }
}
