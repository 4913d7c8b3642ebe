package dev.vtubermiku.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.speech.Transcript.Segment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptWindowsTest {

    @Test
    void everyClipGoesIntoExactlyOneWindowAndNoWindowIsLongerThanWhispers() {
        List<Double> lengths = List.of(10.4, 10.4, 3.1, 14.9, 1.0, 7.5, 7.5, 12.0, 2.2, 5.0, 15.0, 1.3);
        List<TranscriptWindows.Window> windows = TranscriptWindows.pack(lengths);
        List<Integer> seen = new ArrayList<>();
        for (TranscriptWindows.Window w : windows) {
            assertThat(w.length()).isLessThanOrEqualTo(TranscriptWindows.CAPACITY_SECONDS);
            double at = 0;
            for (TranscriptWindows.Placed p : w.clips()) {
                assertThat(p.offset()).isGreaterThanOrEqualTo(at); // laid out in order, never overlapping
                assertThat(p.length()).isEqualTo(lengths.get(p.clip()));
                at = p.end() + TranscriptWindows.GAP_SECONDS - 1e-9;
                seen.add(p.clip());
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
        double total = lengths.stream().mapToDouble(Double::doubleValue).sum();
        assertThat(windows).hasSizeLessThanOrEqualTo((int) Math.ceil(total / 20)); // 90 s of clips: 5 windows, not 12
        assertThat(windows.size()).isLessThan(lengths.size());
    }

    @Test
    void aClipLongerThanAWindowStillGetsOne() {
        List<TranscriptWindows.Window> windows = TranscriptWindows.pack(List.of(40.0, 2.0), 29.5, 1.0);
        assertThat(windows).hasSize(2);
        assertThat(windows.getFirst().clips()).extracting(TranscriptWindows.Placed::clip).containsExactly(0);
    }

    @Test
    void segmentsGoBackToTheClipTheyOverlapMostAndStrayOnesToTheNearest() {
        TranscriptWindows.Window w = new TranscriptWindows.Window(List.of(new TranscriptWindows.Placed(7, 0, 4),
                new TranscriptWindows.Placed(2, 5, 10), new TranscriptWindows.Placed(9, 16, 3)), 19);
        List<String> texts = TranscriptWindows.split(w, List.of(
                new Segment(0.0, 2.1, "ask not"),
                new Segment(2.1, 4.4, "what your country"), // runs 0.4 s into the gap
                new Segment(4.7, 9.0, "can do for you"), // starts in the gap, mostly in the second clip
                new Segment(14.8, 16.1, "ask what"), // mostly the second, a little of the third
                new Segment(15.7, 15.9, "uh"), // wholly in the gap, nearer the third
                new Segment(16.0, 19.0, "you can do"),
                new Segment(17.0, 18.0, "  ")));
        assertThat(texts).containsExactly("ask not what your country", "can do for you ask what", "uh you can do");
    }

    @Test
    void noSegmentsMeansEmptyTextsNotAnError() {
        TranscriptWindows.Window w = TranscriptWindows.pack(List.of(3.0, 4.0)).getFirst();
        assertThat(TranscriptWindows.split(w, List.of())).containsExactly("", "");
    }
}
