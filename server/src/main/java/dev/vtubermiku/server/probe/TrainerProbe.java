package dev.vtubermiku.server.probe;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceId;
import dev.vtubermiku.core.status.ServiceProbe;
import dev.vtubermiku.server.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Whether PIPER_TRAIN_PYTHON can import piper1-gpl's trainer. */
public final class TrainerProbe implements ServiceProbe {

    private final Supplier<Settings> settings;

    public TrainerProbe(Supplier<Settings> settings) {
        this.settings = settings;
    }

    @Override
    public ServiceId service() {
        return ServiceId.TRAINER;
    }

    @Override
    public Duration interval() {
        return Duration.ofMinutes(5);
    }

    @Override
    public ServiceHealth check() {
        String python = settings.get().trainerPython();
        Process process;
        try {
            process = new ProcessBuilder(python, "-c", "import piper.train, sys; print(sys.version.split()[0])")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return ServiceHealth.unavailable(ServiceId.TRAINER, "cannot run " + python,
                    "run ./vtuber trainer setup, or set PIPER_TRAIN_PYTHON to a Python 3.10+ that has piper1-gpl's training extras");
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return ServiceHealth.unavailable(ServiceId.TRAINER, python + " did not answer within 20 s",
                        "check PIPER_TRAIN_PYTHON");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() == 0) {
                return ServiceHealth.ok(ServiceId.TRAINER, "piper1-gpl trainer available (Python " + out + ")");
            }
            return ServiceHealth.unavailable(ServiceId.TRAINER, python + " cannot import piper.train",
                    "run ./vtuber trainer setup (./vtuber trainer check says what is missing), or install piper1-gpl[train] into that interpreter");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return ServiceHealth.unavailable(ServiceId.TRAINER, "check interrupted", "try again");
        } catch (IOException e) {
            return ServiceHealth.unavailable(ServiceId.TRAINER, "cannot read " + python + "'s answer", "check PIPER_TRAIN_PYTHON");
        }
    }
}
