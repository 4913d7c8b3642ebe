package dev.vtubermiku.core.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceChunkerTest {

    private static List<String> run(SentenceChunker chunker, String... tokens) {
        List<String> out = new ArrayList<>();
        for (String t : tokens) {
            out.addAll(chunker.feed(t));
        }
        out.addAll(chunker.finish());
        return out;
    }

    @Test
    void sentencesAreReleasedAsSoonAsTheNextOneBegins() {
        SentenceChunker chunker = new SentenceChunker(24, 240);
        assertThat(chunker.feed("Hello there!")).isEmpty(); // "!" may be followed by more "!" or a quote
        assertThat(chunker.feed(" How")).containsExactly("Hello there!");
        assertThat(chunker.feed(" are you? I am")).containsExactly("How are you?");
        assertThat(chunker.finish()).containsExactly("I am");
    }

    @Test
    void theFirstChunkEndsAtAClauseOnceLongEnoughLaterOnesOnlyAtSentences() {
        SentenceChunker chunker = new SentenceChunker(24, 240);
        assertThat(run(chunker, "Well, ", "that is a really good question, ", "and I think, honestly, ", "the answer is yes."))
                .containsExactly("Well, that is a really good question,", "and I think, honestly, the answer is yes.");
    }

    @Test
    void abbreviationsNumbersAndInitialsDoNotEndASentence() {
        SentenceChunker chunker = new SentenceChunker(200, 240);
        assertThat(run(chunker, "Dr. Smith paid 3.50 dollars to J. R. Tolkien, e.g. for a book. Then he left."))
                .containsExactly("Dr. Smith paid 3.50 dollars to J. R. Tolkien, e.g. for a book.", "Then he left.");
    }

    @Test
    void closingQuotesStayWithTheirSentenceAndUnspeakablePiecesAreDropped() {
        SentenceChunker chunker = new SentenceChunker(24, 240);
        assertThat(run(chunker, "She said \"wow!\" ", "... ", "Then: ok.\n", "♥"))
                .containsExactly("She said \"wow!\"", "... Then: ok.");
    }

    @Test
    void textWithoutPunctuationIsCutAtASpaceWhenTooLong() {
        SentenceChunker chunker = new SentenceChunker(24, 40);
        List<String> out = run(chunker, "word ".repeat(30));
        assertThat(out).hasSizeGreaterThan(2).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(40));
        assertThat(String.join(" ", out)).isEqualTo("word ".repeat(30).strip());
    }

    @Test
    void tokensSplitAnywhereGiveTheSameChunks() {
        String reply = "Oh, hi! I missed you, truly, so much. Did you sleep well? I did not.";
        List<String> whole = run(new SentenceChunker(10, 240), reply);
        SentenceChunker chunker = new SentenceChunker(10, 240);
        List<String> perChar = new ArrayList<>();
        for (char c : reply.toCharArray()) {
            perChar.addAll(chunker.feed(String.valueOf(c)));
        }
        perChar.addAll(chunker.finish());
        assertThat(perChar).isEqualTo(whole).containsExactly("Oh, hi!", "I missed you, truly, so much.", "Did you sleep well?", "I did not.");
    }
}
