package dev.vtubermiku.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EmotionTagParserTest {

    /** Feeds tokens one by one; returns everything shown, and checks no partial tag was ever shown. */
    static String shown(EmotionTagParser parser, List<String> tokens) {
        StringBuilder out = new StringBuilder();
        for (String t : tokens) {
            String piece = parser.feed(t);
            assertThat(piece).doesNotContain("[jo").doesNotContain("joy]");
            out.append(piece);
        }
        return out.append(parser.finish()).toString();
    }

    @Test
    void aTagSplitAcrossTokensIsParsedAndNeverShown() {
        EmotionTagParser parser = new EmotionTagParser();
        assertThat(parser.feed("[jo")).isEmpty();
        assertThat(parser.feed("y] Hi")).isEqualTo("Hi");
        assertThat(parser.feed(" there")).isEqualTo(" there");
        assertThat(parser.finish()).isEmpty();
        assertThat(parser.emotion()).contains(Emotion.JOY);
    }

    static List<List<String>> splits() {
        String reply = "[surprise] Oh wow, really?";
        return List.of(
                List.of(reply),
                List.of("[", "surprise", "]", " Oh wow, really?"),
                List.of("[sur", "prise] Oh", " wow, really?"),
                reply.chars().mapToObj(c -> String.valueOf((char) c)).toList(),
                List.of("  [surprise]", "Oh wow, really?"));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void everySplitGivesTheSameTextAndEmotion(List<String> tokens) {
        EmotionTagParser parser = new EmotionTagParser();
        assertThat(shown(parser, tokens)).isEqualTo("Oh wow, really?");
        assertThat(parser.emotion()).contains(Emotion.SURPRISE);
    }

    @Test
    void withoutATagTheTextPassesUnchangedAndThereIsNoEmotion() {
        EmotionTagParser parser = new EmotionTagParser();
        assertThat(shown(parser, List.of("Hello", " world."))).isEqualTo("Hello world.");
        assertThat(parser.emotion()).isEmpty();
    }

    @Test
    void bracketsThatAreNotTagsStay() {
        EmotionTagParser parser = new EmotionTagParser();
        assertThat(shown(parser, List.of("[joy] A list [1, 2] and a [really] big ", "[note: x] and [", "unfinished")))
                .isEqualTo("A list [1, 2] and a [really] big [note: x] and [unfinished");
        assertThat(parser.emotion()).contains(Emotion.JOY);
    }

    @Test
    void tagsLaterInTheReplyAreRemovedAndTheFirstDecides() {
        EmotionTagParser parser = new EmotionTagParser();
        assertThat(shown(parser, List.of("[smirk] Heh. [jo", "y] Fine, you win."))).isEqualTo("Heh. Fine, you win.");
        assertThat(parser.emotion()).contains(Emotion.SMIRK);
    }

    @Test
    void synonymsAndCaseAreUnderstoodAndAnUnknownLeadingTagIsDropped() {
        EmotionTagParser happy = new EmotionTagParser();
        assertThat(shown(happy, List.of("[Happy] Yay!"))).isEqualTo("Yay!");
        assertThat(happy.emotion()).contains(Emotion.JOY);

        EmotionTagParser giggles = new EmotionTagParser();
        assertThat(shown(giggles, List.of("[giggles] Hehe"))).isEqualTo("Hehe");
        assertThat(giggles.emotion()).isEmpty();
    }

    @Test
    void aTagAloneShowsNothing() {
        EmotionTagParser parser = new EmotionTagParser();
        assertThat(shown(parser, List.of("[anger]"))).isEmpty();
        assertThat(parser.emotion()).contains(Emotion.ANGER);
    }
}
