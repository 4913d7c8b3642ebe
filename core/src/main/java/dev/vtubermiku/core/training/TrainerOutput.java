package dev.vtubermiku.core.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what piper1-gpl's trainer ({@code python -m piper.train fit}, PyTorch Lightning) writes: the
 * progress bar on its console, the CSVLogger's {@code metrics.csv}, and checkpoint file names.
 */
public final class TrainerOutput {

    /** Lightning's TQDM bar: {@code Epoch 3:  45%|████▌     | 5/11 [00:02<00:03,  2.05it/s, v_num=0]}. */
    private static final Pattern BAR = Pattern.compile("Epoch (\\d+):\\s*\\d+%\\|[^|]*\\|\\s*(\\d+)/(\\d+)");
    /** ModelCheckpoint names: {@code epoch=12-step=3456.ckpt} (Lightning's default) or piper1-gpl's {@code epoch=12-val_mel=0.4567.ckpt}. */
    private static final Pattern CHECKPOINT = Pattern.compile(".*?epoch=(\\d+)(?:-step=(\\d+))?[^/]*\\.ckpt");
    /** Lightning's out-of-memory errors, for a hint that says so. */
    private static final Pattern OOM = Pattern.compile("CUDA out of memory|OutOfMemoryError|DefaultCPUAllocator: can't allocate memory|Killed");

    private TrainerOutput() {}

    /** One reading of the progress bar: {@code epoch} counts from 0, as Lightning shows it. */
    public record BarProgress(int epoch, int batch, int batches) {}

    /** One row of metrics.csv; {@code values} holds the columns that row filled. */
    public record MetricsRow(int epoch, long step, Map<String, Double> values) {

        /** The loss to show: the generator's total (piper1-gpl's loss_g), else validation or plain loss. */
        public Optional<Double> loss() {
            for (String key : List.of("loss_g", "train_loss", "loss", "val_loss")) {
                Double v = values.get(key);
                if (v != null) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
    }

    /** The last bar reading in a console chunk (the bar redraws with carriage returns), if any. */
    public static Optional<BarProgress> bar(String text) {
        Matcher m = BAR.matcher(text);
        BarProgress last = null;
        while (m.find()) {
            last = new BarProgress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        return Optional.ofNullable(last);
    }

    /**
     * Parses a CSVLogger metrics file. Columns are matched by name (their order changes as metrics
     * first appear); a partly written last line is ignored.
     */
    public static List<MetricsRow> metrics(String csv) {
        String[] lines = csv.split("\r?\n", -1);
        List<MetricsRow> rows = new ArrayList<>();
        if (lines.length < 2) {
            return rows;
        }
        String[] header = lines[0].split(",", -1);
        int epochColumn = -1;
        int stepColumn = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("epoch")) {
                epochColumn = i;
            } else if (header[i].equals("step")) {
                stepColumn = i;
            }
        }
        // The text after the last newline is empty, or a line still being written: skipped either way.
        int complete = lines.length - 1;
        for (int l = 1; l < complete; l++) {
            String[] cells = lines[l].split(",", -1);
            if (cells.length != header.length) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            Double epoch = null;
            Double step = null;
            for (int i = 0; i < cells.length; i++) {
                if (cells[i].isEmpty()) {
                    continue;
                }
                Double v = number(cells[i]);
                if (v == null) {
                    continue;
                }
                if (i == epochColumn) {
                    epoch = v;
                } else if (i == stepColumn) {
                    step = v;
                } else {
                    values.put(header[i], v);
                }
            }
            if (epoch != null) {
                rows.add(new MetricsRow(epoch.intValue(), step == null ? 0 : step.longValue(), values));
            }
        }
        return rows;
    }

    /** The epoch (from 0) and step in a checkpoint's file name; empty for {@code last.ckpt} and other names. */
    public static Optional<long[]> checkpoint(String fileName) {
        Matcher m = CHECKPOINT.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long step = m.group(2) == null ? -1 : Long.parseLong(m.group(2));
        return Optional.of(new long[] {Long.parseLong(m.group(1)), step});
    }

    /** What to tell the user about a trainer that ended with {@code exitCode}, given its last log lines. */
    public static String hint(int exitCode, List<String> lastLines) {
        String tail = String.join("\n", lastLines);
        if (OOM.matcher(tail).find() || exitCode == 137) {
            return "the trainer ran out of memory: lower batch_size (e.g. 8 or 4), or close other GPU programs";
        }
        if (exitCode == 126 || exitCode == 127) {
            return "PIPER_TRAIN_PYTHON cannot be run: run ./vtuber trainer setup, or set it to a Python 3.10+ with piper1-gpl[train]";
        }
        if (tail.contains("No module named 'piper") || tail.contains("No module named piper")) {
            return "PIPER_TRAIN_PYTHON cannot import piper.train: run ./vtuber trainer setup, or point it at a Python with piper1-gpl[train]";
        }
        if (tail.contains("No module named")) {
            return "a Python package of the trainer is missing: run ./vtuber trainer setup again (./vtuber trainer check says what is wrong)";
        }
        if (tail.contains("monotonic_align")) {
            return "piper1-gpl's monotonic_align extension is not built: run ./vtuber trainer setup again";
        }
        if (tail.contains("espeak")) {
            return "espeak-ng failed: check espeak_voice (espeak-ng --voices lists them)";
        }
        if (tail.contains("size mismatch") || tail.contains("Missing key(s) in state_dict")) {
            return "the base checkpoint does not fit these settings: use a medium-quality checkpoint, or match quality to it";
        }
        return "see the run's log (GET /api/voice/train/{id} has the last lines; the full log is in the run folder)";
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
