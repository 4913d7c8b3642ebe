package dev.vtubermiku.server.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command lines of piper1-gpl's trainer, as its src/piper/train/__main__.py (a Lightning
 * {@code LightningCLI} over {@code VitsModel} and {@code VitsDataModule}) and export_onnx.py take
 * them. The CSV logger is chosen explicitly so that {@code <root>/lightning_logs/version_N/metrics.csv}
 * exists whether or not TensorBoard is installed, and its folder is where ModelCheckpoint writes
 * {@code checkpoints/*.ckpt}.
 */
public final class TrainerCommands {

    private TrainerCommands() {}

    /**
     * What one {@code fit} needs.
     *
     * @param maxEpochs the epoch count Lightning stops at; when fine-tuning it counts the checkpoint's own epochs too
     * @param checkpoint {@code --ckpt_path}: the base checkpoint to fine-tune, or the run's own to resume; null: from scratch
     */
    public record Fit(String voiceName, Path csv, Path audioDir, int sampleRate, String espeakVoice, Path cacheDir,
            Path configPath, int batchSize, int maxEpochs, Path rootDir, @Nullable Path checkpoint) {}

    public static List<String> fit(String python, Fit f) {
        List<String> c = new ArrayList<>(List.of(python, "-m", "piper.train", "fit",
                "--data.voice_name", f.voiceName(),
                "--data.csv_path", f.csv().toString(),
                "--data.audio_dir", f.audioDir().toString(),
                "--model.sample_rate", Integer.toString(f.sampleRate()),
                "--data.espeak_voice", f.espeakVoice(),
                "--data.cache_dir", f.cacheDir().toString(),
                "--data.config_path", f.configPath().toString(),
                "--data.batch_size", Integer.toString(f.batchSize()),
                "--trainer.max_epochs", Integer.toString(f.maxEpochs()),
                "--trainer.default_root_dir", f.rootDir().toString(),
                "--trainer.logger.class_path", "lightning.pytorch.loggers.CSVLogger",
                "--trainer.logger.init_args.save_dir", f.rootDir().toString(),
                // Small datasets have few steps per epoch; without this the CSV logger would record
                // a loss only every 50 steps.
                "--trainer.log_every_n_steps", "1"));
        if (f.checkpoint() != null) {
            c.add("--ckpt_path");
            c.add(f.checkpoint().toString());
        }
        return c;
    }

    public static List<String> exportOnnx(String python, Path checkpoint, Path onnx) {
        return List.of(python, "-m", "piper.train.export_onnx", "--checkpoint", checkpoint.toString(), "--output-file",
                onnx.toString());
    }

    /** Piper's rate per quality: x_low and low voices are 16000 Hz, medium and high 22050 Hz. */
    public static int sampleRate(String quality) {
        return switch (quality) {
            case "x_low", "low" -> 16000;
            case "medium", "high" -> 22050;
            default -> throw new IllegalArgumentException("quality must be x_low, low, medium or high");
        };
    }
}
