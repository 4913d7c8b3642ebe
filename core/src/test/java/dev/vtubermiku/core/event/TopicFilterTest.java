package dev.vtubermiku.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vtubermiku.protocol.EventTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

    private static List<String> matching(String... patterns) {
        TopicFilter filter = new TopicFilter(List.of(patterns));
        return EventTypes.ALL.stream().filter(filter::matches).toList();
    }

    @Test
    void anExactNameMatchesOnlyThatType() {
        assertThat(matching("chat.token")).containsExactly("chat.token");
        TopicFilter filter = new TopicFilter(List.of("chat.token"));
        assertThat(filter.matches("chat.tokens")).isFalse();
        assertThat(filter.matches("chat.toke")).isFalse();
        assertThat(filter.matches("xchat.token")).isFalse();
        assertThat(filter.matchesAll()).isFalse();
    }

    @Test
    void aTrailingStarMatchesEveryTypeOfThatFamily() {
        assertThat(matching("training.*")).containsExactly(
                "training.started", "training.progress", "training.completed", "training.failed");
        assertThat(new TopicFilter(List.of("training.*")).matches("trainingx.started")).isFalse();
        assertThat(new TopicFilter(List.of("chat.*")).matches("chat")).isFalse();
    }

    @Test
    void aLeadingStarMatchesTheSameOutcomeInEveryFamily() {
        assertThat(matching("*.failed")).containsExactly("training.failed", "model.failed");
        assertThat(new TopicFilter(List.of("*.failed")).matches("training.failed.late")).isFalse();
    }

    @Test
    void aStarInTheMiddleMatchesAnyRun() {
        assertThat(matching("chat.*n*")).containsExactly("chat.response", "chat.token");
        assertThat(new TopicFilter(List.of("a*b*c")).matches("abc")).isTrue();
        assertThat(new TopicFilter(List.of("a*b*c")).matches("axxbyyc")).isTrue();
        assertThat(new TopicFilter(List.of("a*b*c")).matches("axxbyy")).isFalse();
    }

    @Test
    void aLoneStarMatchesEverything() {
        assertThat(matching("*")).containsExactlyElementsOf(EventTypes.ALL);
        assertThat(TopicFilter.ALL.matchesAll()).isTrue();
        assertThat(new TopicFilter(List.of("chat.*", "*")).matchesAll()).isTrue();
        assertThat(TopicFilter.ALL.matches("anything.at.all")).isTrue();
    }

    @Test
    void anEventMatchesWhenAnyPatternDoes() {
        assertThat(matching("chat.message", "*.failed", "speech.*")).containsExactly(
                "chat.message", "training.failed", "model.failed", "speech.started", "speech.finished");
    }

    @Test
    void parsesACommaSeparatedList() {
        TopicFilter filter = TopicFilter.parse(" chat.* ,training.*,  model.failed ");

        assertThat(filter.patterns()).containsExactly("chat.*", "training.*", "model.failed");
        assertThat(filter).hasToString("chat.*,training.*,model.failed");
        assertThat(TopicFilter.parse("")).isEqualTo(TopicFilter.ALL);
        assertThat(TopicFilter.parse("   ")).isEqualTo(TopicFilter.ALL);
    }

    @Test
    void thePatternListCannotBeChangedAfterwards() {
        List<String> patterns = new ArrayList<>(List.of("chat.*"));
        TopicFilter filter = new TopicFilter(patterns);

        patterns.add("*");

        assertThat(filter.patterns()).containsExactly("chat.*");
        assertThat(filter.matchesAll()).isFalse();
        assertThatThrownBy(() -> filter.patterns().add("*")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Chat.*", "chat..message", "chat.", ".chat", "chat message", "chat?", "chat.[a]",
            "chat/*", "chat-message", "ÿ"})
    void rejectsInvalidPatternsNamingThem(String pattern) {
        assertThatThrownBy(() -> new TopicFilter(List.of("chat.*", pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid topic pattern \"" + pattern + "\": use lower-case names, dots and *, e.g. training.*");
    }

    @Test
    void rejectsInvalidPatternsInAParsedList() {
        assertThatThrownBy(() -> TopicFilter.parse("chat.*,,training.*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid topic pattern \"\"");
    }

    @Test
    void needsAtLeastOnePattern() {
        assertThatThrownBy(() -> new TopicFilter(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one topic pattern is needed (use \"*\" for all)");
    }
}
