package dev.vtubermiku.server.training;

import dev.vtubermiku.core.speech.MonoAudio;
import dev.vtubermiku.core.speech.LoudnessEnvelope;
import dev.vtubermiku.core.speech.SpeechSegment;
import dev.vtubermiku.core.speech.SpeechToText;
import dev.vtubermiku.core.speech.SpeechUnavailableException;
import dev.vtubermiku.core.speech.Transcript;
import dev.vtubermiku.core.speech.VoiceActivityDetector;
import dev.vtubermiku.core.training.AudioFilters;
import dev.vtubermiku.core.training.ClipPlanner;
import dev.vtubermiku.core.training.ClipQuality;
import dev.vtubermiku.core.training.ClipRules;
import dev.vtubermiku.core.training.ClipSpan;
import dev.vtubermiku.core.training.EdgeTrimmer;
import dev.vtubermiku.server.config.Settings;
import dev.vtubermiku.server.store.Database;
import dev.vtubermiku.server.store.TrainingDataDao;
import dev.vtubermiku.server.store.VoiceClipRow;
import dev.vtubermiku.server.store.VoiceUploadDao;
import dev.vtubermiku.server.store.VoiceUploadRow;
import dev.vtubermiku.speech.audio.AudioDecoder;
import dev.vtubermiku.speech.audio.AudioLimits;
import dev.vtubermiku.speech.audio.BadAudioException;
import dev.vtubermiku.speech.audio.Loudness;
import dev.vtubermiku.speech.audio.Resampler;
import dev.vtubermiku.speech.audio.WavCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts one upload into training clips: decode, mono, high-pass (DC and rumble), loudness
 * normalisation, voice detection, clip planning (1-15 s), edge trimming (keeping ~100 ms), 22050 Hz
 * 16-bit, a Whisper transcript (or "needs transcript" without a model), quality measures and grade,
 * and a {@code training_data} row per clip. A clip is known by its upload and start, so processing
 * the same upload again makes no new clips.
 */
public final class ClipProcessor {

    private static final Logger log = LoggerFactory.getLogger(ClipProcessor.class);
    /** Piper's own sample rate (medium and high voices); low voices are resampled by the trainer. */
    public static final int CLIP_RATE = 22050;
    static final double HIGH_PASS_HZ = 60;
    static final double TARGET_RMS_DB = -20;
    static final double PEAK_CEILING_DB = -1;
    static final double MAX_GAIN_DB = 30;
    static final double FRAME_SECONDS = 0.01;

    private final Database database;
    private final VoiceFolders folders;
    private final VoiceActivityDetector vad;
    private final SpeechToText stt;
    private final Supplier<Settings> settings;
    private final Clock clock;
    private final ClipPlanner planner = new ClipPlanner(ClipRules.DEFAULTS);

    public ClipProcessor(Database database, VoiceFolders folders, VoiceActivityDetector vad, SpeechToText stt,
            Supplier<Settings> settings, Clock clock) {
        this.database = database;
        this.folders = folders;
        this.vad = vad;
        this.stt = stt;
        this.settings = settings;
        this.clock = clock;
    }

    /** What processing one upload did. */
    public record Result(String uploadId, int added, int existing) {}

    /**
     * Processes one upload, handing each new clip to {@code added} as soon as it is stored.
     *
     * @throws IOException when the upload's file cannot be read or a clip cannot be written
     * @throws BadAudioException when the stored file no longer decodes
     */
    public Result process(VoiceUploadRow upload, Consumer<VoiceClipRow> added) throws IOException, BadAudioException {
        Path file = folders.uploads().resolve(upload.file());
        DecodedAudioView source = decode(folders.files().readAllBytes(file));
        int rate = source.rate();
        float[] cleaned = Loudness.normalize(AudioFilters.highPass(source.samples(), rate, HIGH_PASS_HZ), TARGET_RMS_DB,
                PEAK_CEILING_DB, MAX_GAIN_DB);
        MonoAudio audio = new MonoAudio(cleaned, rate);
        List<SpeechSegment> speech = vad.detect(audio, settings.get().vadSettings());
        float[] envelope = LoudnessEnvelope.windowRms(cleaned, 0, cleaned.length, Math.max(1, (int) Math.round(rate * FRAME_SECONDS)));
        List<ClipSpan> spans = planner.plan(speech, audio.seconds(), envelope, FRAME_SECONDS);
        TrainingDataDao dao = database.writeDao(TrainingDataDao.class);
        int made = 0;
        int existing = 0;
        for (ClipSpan span : spans) {
            long startMs = Math.round(span.start() * 1000);
            if (dao.clipAt(upload.id(), startMs).isPresent()) {
                existing++;
                continue;
            }
            added.accept(clip(upload, source.samples(), cleaned, rate, span, startMs, speech, dao));
            made++;
        }
        database.writeDao(VoiceUploadDao.class).markProcessed(upload.id(), clock.instant());
        log.info("Upload {}: {} speech segment(s), {} clip(s) planned, {} new, {} already there", upload.id(), speech.size(),
                spans.size(), made, existing);
        return new Result(upload.id(), made, existing);
    }

    private VoiceClipRow clip(VoiceUploadRow upload, float[] raw, float[] cleaned, int rate, ClipSpan span, long startMs,
            List<SpeechSegment> speech, TrainingDataDao dao) throws IOException {
        int a = (int) Math.floor(span.start() * rate);
        int b = Math.min(cleaned.length, (int) Math.ceil(span.end() * rate));
        float[] piece = Arrays.copyOfRange(cleaned, a, b);
        int[] kept = EdgeTrimmer.trim(piece, rate, ClipRules.DEFAULTS.keepSeconds(), -40);
        if ((kept[1] - kept[0]) < ClipRules.DEFAULTS.minSeconds() * rate) {
            kept = new int[] {0, piece.length}; // trimming would make it too short to train on: keep the planned span
        }
        float[] trimmed = Arrays.copyOfRange(piece, kept[0], kept[1]);
        double clipStart = (double) (a + kept[0]) / rate;
        double clipEnd = (double) (a + kept[1]) / rate;
        double clipping = AudioFilters.clippingRatio(Arrays.copyOfRange(raw, a + kept[0], a + kept[1]), 0.999f);
        MonoAudio mono = new MonoAudio(trimmed, rate);
        MonoAudio out = Resampler.to(mono, CLIP_RATE);
        String filename = upload.id() + "_" + startMs + ".wav";
        Path target = folders.clips().resolve(filename);
        folders.files().write(target, WavCodec.encode(out));
        String transcript = transcribe(mono, filename);
        double speechSeconds = speech.stream()
                .mapToDouble(s -> Math.max(0, Math.min(s.end(), clipEnd) - Math.max(s.start(), clipStart)))
                .sum();
        ClipQuality q = ClipQuality.measure(out.samples(), CLIP_RATE, clipping, speechSeconds);
        VoiceClipRow row = new VoiceClipRow(0, filename, transcript, q.duration(), upload.speaker(), null, q.grade().wire(),
                clock.instant(), upload.id(), startMs, Math.round(clipEnd * 1000), CLIP_RATE, round(q.snrDb()),
                q.clippingRatio(), round(q.speechRatio()), true, transcript == null);
        try {
            long id = dao.insertClip(row);
            return dao.clip(id).orElseThrow();
        } catch (RuntimeException e) {
            VoiceUploads.deleteQuietly(target); // no clip file without its row
            throw e;
        }
    }

    private @Nullable String transcribe(MonoAudio clip, String filename) {
        try {
            Transcript t = stt.transcribe(Resampler.to(clip, stt.sampleRate()), null);
            return t.text().isBlank() ? null : t.text().strip();
        } catch (SpeechUnavailableException e) {
            log.debug("No transcript for {}: {}", filename, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            log.warn("Transcribing {} failed; it is kept and flagged as needing a transcript", filename, e);
            return null;
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private record DecodedAudioView(float[] samples, int rate) {}

    private static DecodedAudioView decode(byte[] bytes) throws BadAudioException {
        // The upload passed the limits when it came in; a later, lower limit must not orphan it.
        MonoAudio mono = AudioDecoder.decode(bytes, new AudioLimits(2, 7 * 24 * 3600)).mono();
        return new DecodedAudioView(mono.samples(), mono.sampleRate());
    }
}
