package dev.vtubermiku.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerOutputTest {

    @Test
    void readsLightningsProgressBarAsItRedraws() {
        String console = "\rEpoch 3:   0%|          | 0/11 [00:00<?, ?it/s]\rEpoch 3:  45%|████▌     | 5/11 [00:02<00:03,  2.05it/s, v_num=0]";
        assertThat(TrainerOutput.bar(console)).contains(new TrainerOutput.BarProgress(3, 5, 11));
        assertThat(TrainerOutput.bar("INFO:piper.train:Processed 120 utterance(s)")).isEmpty();
        assertThat(TrainerOutput.bar("Epoch 2164: 100%|██████████| 40/40 [01:02<00:00,  0.64it/s, v_num=1]"))
                .contains(new TrainerOutput.BarProgress(2164, 40, 40));
    }

    @Test
    void readsTheCsvLoggersMetricsByColumnName() {
        String csv = """
                epoch,loss_d,loss_g,step,val_loss
                0,2.91,25.3,1,
                0,2.80,24.1,2,
                0,,,2,27.5
                1,2.70,23.0,3,
                1,2.6""";
        List<TrainerOutput.MetricsRow> rows = TrainerOutput.metrics(csv);
        assertThat(rows).hasSize(4); // the last line is still being written
        assertThat(rows.get(1).loss()).contains(24.1);
        assertThat(rows.get(2).loss()).contains(27.5);
        assertThat(rows.get(3).step()).isEqualTo(3);
        List<TrainerOutput.MetricsRow> other = TrainerOutput.metrics("step,train_loss,epoch\n7,1.5,2\n");
        assertThat(other.getFirst().epoch()).isEqualTo(2);
        assertThat(other.getFirst().loss()).contains(1.5);
        assertThat(TrainerOutput.metrics("")).isEmpty();
    }

    @Test
    void readsCheckpointNames() {
        assertThat(TrainerOutput.checkpoint("epoch=2164-step=1355540.ckpt")).hasValueSatisfying(p -> assertThat(p).containsExactly(2164, 1355540));
        assertThat(TrainerOutput.checkpoint("epoch=12-val_mel=0.4567.ckpt")).hasValueSatisfying(p -> assertThat(p).containsExactly(12, -1));
        assertThat(TrainerOutput.checkpoint("en_US-lessac-medium-epoch=2164-step=1355540.ckpt")).isPresent();
        assertThat(TrainerOutput.checkpoint("last.ckpt")).isEmpty();
    }

    @Test
    void hintsSayWhatToDo() {
        assertThat(TrainerOutput.hint(1, List.of("torch.OutOfMemoryError: CUDA out of memory."))).contains("batch_size");
        assertThat(TrainerOutput.hint(1, List.of("ModuleNotFoundError: No module named 'piper'"))).contains("trainer setup");
        assertThat(TrainerOutput.hint(127, List.of())).contains("PIPER_TRAIN_PYTHON");
        assertThat(TrainerOutput.hint(1, List.of("something else"))).contains("log");
    }

    @Test
    void progressCombinesBarAndMetricsAndEstimatesTimeLeft() {
        MutableClock clock = new MutableClock();
        ProgressTracker tracker = new ProgressTracker(clock, 2175, 2165); // fine-tuning 10 epochs from epoch 2164
        clock.advance(Duration.ofSeconds(30));
        TrainingProgress p = tracker.bar(new TrainerOutput.BarProgress(2165, 10, 10)).orElseThrow();
        assertThat(p.epoch()).isEqualTo(2166);
        assertThat(p.etaSeconds()).isEqualTo(270); // 30 s an epoch, 9 to go
        TrainingProgress m = tracker.metrics(new TrainerOutput.MetricsRow(2165, 40, java.util.Map.of("loss_g", 22.5))).orElseThrow();
        assertThat(m.loss()).isEqualTo(22.5);
        assertThat(m.step()).isEqualTo(40);
        assertThat(tracker.metrics(new TrainerOutput.MetricsRow(2165, 40, java.util.Map.of("loss_g", 22.5)))).isEmpty();
    }

    @Test
    void runStatesMoveOnlyForward() {
        RunState training = new RunState.Queued().become(new RunState.Preparing()).become(new RunState.Training());
        assertThat(training.active()).isTrue();
        RunState cancelled = training.become(new RunState.Cancelled());
        assertThat(cancelled.canBecome(new RunState.Failed("late", ""))).isFalse();
        assertThat(cancelled.canBecome(new RunState.Queued())).isTrue(); // resume
        assertThat(new RunState.Ready().canBecome(new RunState.Queued())).isFalse();
        assertThat(RunState.parse("interrupted", null, null)).isEqualTo(new RunState.Interrupted());
        assertThat(new RunState.Exporting().canBecome(new RunState.Training())).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunState.Ready().become(new RunState.Training()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ready");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
