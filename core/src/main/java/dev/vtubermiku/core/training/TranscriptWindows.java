package dev.vtubermiku.core.training;

import dev.vtubermiku.core.speech.Transcript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Packs an upload's clips into as few speech-recognition windows as possible, and gives each clip
 * its words back. Whisper always encodes a whole 30 s window, however short the audio, so a 4 s clip
 * transcribed alone costs as much as 30 s of speech; laid end to end with a silence between them,
 * several clips share one window. The transcript's segments are timed, so each segment goes back to
 * the clip it overlaps most (a segment that falls wholly in a gap goes to the nearer clip).
 *
 * <p>Packing is first-fit by decreasing length (fewest windows for clips of 1-15 s); within a window
 * the clips keep their recording order, so a clip's neighbours in the window are its neighbours in
 * the recording where they fit.
 */
public final class TranscriptWindows {

    /** Whisper's window. */
    public static final double WHISPER_WINDOW_SECONDS = 30;
    /** Silence laid between two clips: long enough that Whisper ends a segment there. */
    public static final double GAP_SECONDS = 1.0;
    /** What a window may hold: a little under Whisper's, so rounding never spills into a second window. */
    public static final double CAPACITY_SECONDS = WHISPER_WINDOW_SECONDS - 0.5;

    private TranscriptWindows() {}

    /** One clip's place in a window: its index in the list handed to {@link #pack}, and where it starts. */
    public record Placed(int clip, double offset, double length) {

        public double end() {
            return offset + length;
        }
    }

    /** A window: its clips in the order they are laid out, and its length (clips plus gaps). */
    public record Window(List<Placed> clips, double length) {

        public Window {
            clips = List.copyOf(clips);
        }
    }

    /**
     * Packs clips of these lengths (seconds) into windows of at most {@code capacity} seconds, with
     * {@code gap} seconds of silence between clips. A clip longer than the capacity gets a window of its own.
     */
    public static List<Window> pack(List<Double> lengths, double capacity, double gap) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> lengths.get(i)).reversed().thenComparing(i -> i));
        List<List<Integer>> bins = new ArrayList<>();
        List<Double> used = new ArrayList<>();
        for (int i : order) {
            double len = lengths.get(i);
            int chosen = -1;
            for (int b = 0; b < bins.size(); b++) {
                if (used.get(b) + gap + len <= capacity) {
                    chosen = b;
                    break;
                }
            }
            if (chosen < 0) {
                bins.add(new ArrayList<>(List.of(i)));
                used.add(len);
            } else {
                bins.get(chosen).add(i);
                used.set(chosen, used.get(chosen) + gap + len);
            }
        }
        List<Window> windows = new ArrayList<>();
        for (List<Integer> bin : bins) {
            bin.sort(Comparator.naturalOrder());
            List<Placed> placed = new ArrayList<>();
            double at = 0;
            for (int i : bin) {
                placed.add(new Placed(i, at, lengths.get(i)));
                at += lengths.get(i) + gap;
            }
            windows.add(new Window(placed, at - gap));
        }
        windows.sort(Comparator.comparingInt(w -> w.clips().getFirst().clip()));
        return windows;
    }

    /** {@link #pack} with Whisper's capacity and the default gap. */
    public static List<Window> pack(List<Double> lengths) {
        return pack(lengths, CAPACITY_SECONDS, GAP_SECONDS);
    }

    /**
     * Splits a window's transcript among its clips.
     *
     * @return one text per clip of the window, in the window's order; an empty string where no segment fell
     */
    public static List<String> split(Window window, List<Transcript.Segment> segments) {
        List<StringBuilder> texts = new ArrayList<>();
        for (int i = 0; i < window.clips().size(); i++) {
            texts.add(new StringBuilder());
        }
        for (Transcript.Segment s : segments) {
            String text = s.text().strip();
            if (text.isEmpty() || window.clips().isEmpty()) {
                continue;
            }
            StringBuilder target = texts.get(owner(window, s.start(), s.end()));
            if (!target.isEmpty()) {
                target.append(' ');
            }
            target.append(text);
        }
        return texts.stream().map(StringBuilder::toString).toList();
    }

    /** The clip a segment from {@code start} to {@code end} belongs to: the most overlap, else the nearest. */
    static int owner(Window window, double start, double end) {
        int byOverlap = -1;
        double most = 0;
        int byDistance = 0;
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < window.clips().size(); i++) {
            Placed p = window.clips().get(i);
            double overlap = Math.min(end, p.end()) - Math.max(start, p.offset());
            if (overlap > most) {
                most = overlap;
                byOverlap = i;
            }
            double distance = Math.max(0, Math.max(p.offset() - end, start - p.end()));
            if (distance < nearest) {
                nearest = distance;
                byDistance = i;
            }
        }
        return byOverlap >= 0 ? byOverlap : byDistance;
    }
}
