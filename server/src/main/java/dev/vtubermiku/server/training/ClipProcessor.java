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
import dev.vtubermiku.core.training.TranscriptWindows;
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
import java.util.ArrayList;
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
    private final double windowSeconds;
    private volatile int lastWindows;

    public ClipProcessor(Database database, VoiceFolders folders, VoiceActivityDetector vad, SpeechToText stt,
            Supplier<Settings> settings, Clock clock) {
        this(database, folders, vad, stt, settings, clock, TranscriptWindows.CAPACITY_SECONDS);
    }

    /**
     * The same, with the length of audio one transcription may hold; 0 transcribes every clip on its
     * own, as before clips shared windows (the benchmark's reference).
     */
    public ClipProcessor(Database database, VoiceFolders folders, VoiceActivityDetector vad, SpeechToText stt,
            Supplier<Settings> settings, Clock clock, double windowSeconds) {
        this.database = database;
        this.folders = folders;
        this.vad = vad;
        this.stt = stt;
        this.settings = settings;
        this.clock = clock;
        this.windowSeconds = windowSeconds;
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
        List<Cut> cuts = new ArrayList<>();
        int existing = 0;
        for (ClipSpan span : spans) {
            long startMs = Math.round(span.start() * 1000);
            if (dao.clipAt(upload.id(), startMs).isPresent()) {
                existing++;
            } else {
                cuts.add(cut(cleaned, rate, span, startMs));
            }
        }
        // Whisper encodes a whole 30 s window however short the audio: clips share windows.
        List<TranscriptWindows.Window> windows = TranscriptWindows.pack(cuts.stream().map(c -> c.seconds(rate)).toList(), windowSeconds,
                TranscriptWindows.GAP_SECONDS);
        int made = 0;
        for (TranscriptWindows.Window window : windows) {
            List<String> texts = transcribe(window, cuts, cleaned, rate, upload.id());
            for (int i = 0; i < window.clips().size(); i++) {
                Cut c = cuts.get(window.clips().get(i).clip());
                added.accept(clip(upload, source.samples(), cleaned, rate, c, texts.get(i), speech, dao));
                made++;
            }
        }
        lastWindows = windows.size();
        database.writeDao(VoiceUploadDao.class).markProcessed(upload.id(), clock.instant());
        log.info("Upload {}: {} speech segment(s), {} clip(s) planned, {} new in {} transcription window(s), {} already there",
                upload.id(), speech.size(), spans.size(), made, windows.size(), existing);
        return new Result(upload.id(), made, existing);
    }

    /** A planned clip after edge trimming: samples {@code from} to {@code to} of the cleaned recording. */
    private record Cut(long startMs, int from, int to) {

        double seconds(int rate) {
            return (double) (to - from) / rate;
        }
    }

    private static Cut cut(float[] cleaned, int rate, ClipSpan span, long startMs) {
        int a = (int) Math.floor(span.start() * rate);
        int b = Math.min(cleaned.length, (int) Math.ceil(span.end() * rate));
        float[] piece = Arrays.copyOfRange(cleaned, a, b);
        int[] kept = EdgeTrimmer.trim(piece, rate, ClipRules.DEFAULTS.keepSeconds(), -40);
        if ((kept[1] - kept[0]) < ClipRules.DEFAULTS.minSeconds() * rate) {
            kept = new int[] {0, piece.length}; // trimming would make it too short to train on: keep the planned span
        }
        return new Cut(startMs, a + kept[0], a + kept[1]);
    }

    private VoiceClipRow clip(VoiceUploadRow upload, float[] raw, float[] cleaned, int rate, Cut cut, @Nullable String transcript,
            List<SpeechSegment> speech, TrainingDataDao dao) throws IOException {
        float[] trimmed = Arrays.copyOfRange(cleaned, cut.from(), cut.to());
        double clipStart = (double) cut.from() / rate;
        double clipEnd = (double) cut.to() / rate;
        double clipping = AudioFilters.clippingRatio(Arrays.copyOfRange(raw, cut.from(), cut.to()), 0.999f);
        long startMs = cut.startMs();
        MonoAudio mono = new MonoAudio(trimmed, rate);
        MonoAudio out = Resampler.to(mono, CLIP_RATE);
        String filename = upload.id() + "_" + startMs + ".wav";
        Path target = folders.clips().resolve(filename);
        folders.files().write(target, WavCodec.encode(out));
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

    /** One Whisper pass over a window of clips laid end to end with silence between them; one text (or null) per clip. */
    private List<@Nullable String> transcribe(TranscriptWindows.Window window, List<Cut> cuts, float[] cleaned, int rate,
            String uploadId) {
        int sttRate = stt.sampleRate();
        List<@Nullable String> none = new ArrayList<>(java.util.Collections.nCopies(window.clips().size(), null));
        try {
            int gap = (int) Math.round(TranscriptWindows.GAP_SECONDS * sttRate);
            List<float[]> pieces = new ArrayList<>();
            int total = 0;
            for (TranscriptWindows.Placed p : window.clips()) {
                Cut c = cuts.get(p.clip());
                float[] resampled = Resampler.to(new MonoAudio(Arrays.copyOfRange(cleaned, c.from(), c.to()), rate), sttRate).samples();
                pieces.add(resampled);
                total += resampled.length + gap;
            }
            float[] joined = new float[Math.max(0, total - gap)];
            int at = 0;
            List<TranscriptWindows.Placed> placed = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                float[] piece = pieces.get(i);
                System.arraycopy(piece, 0, joined, at, piece.length);
                // Offsets from the resampled lengths, so segment times line up with what Whisper heard.
                placed.add(new TranscriptWindows.Placed(window.clips().get(i).clip(), (double) at / sttRate, (double) piece.length / sttRate));
                at += piece.length + gap;
            }
            Transcript t = stt.transcribe(new MonoAudio(joined, sttRate), null);
            List<String> texts = TranscriptWindows.split(new TranscriptWindows.Window(placed, (double) joined.length / sttRate), t.segments());
            return texts.stream().map(x -> x.isBlank() ? null : x.strip()).collect(java.util.stream.Collectors.toList());
        } catch (SpeechUnavailableException e) {
            log.debug("No transcripts for {} clip(s) of {}: {}", window.clips().size(), uploadId, e.getMessage());
            return none;
        } catch (RuntimeException e) {
            log.warn("Transcribing {} clip(s) of {} failed; they are kept and flagged as needing a transcript", window.clips().size(),
                    uploadId, e);
            return none;
        }
    }

    /** How many Whisper windows the last {@link #process} used (for the bench and the log). */
    public int lastWindows() {
        return lastWindows;
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
