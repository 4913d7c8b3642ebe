package dev.vtubermiku.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmotionClassifierTest {

    private final EmotionClassifier classifier = new EmotionClassifier();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I love this, it is wonderful!|JOY",
        "Oh no, I am so sorry, that is sad.|SADNESS",
        "Ugh, that is so annoying, I hate it.|ANGER",
        "Wow, I did not expect that! Incredible.|SURPRISE",
        "That sounds scary, I am worried.|FEAR",
        "Eww, gross!|DISGUST",
        "Heh, obviously I knew that.|SMIRK",
        "The meeting is at three.|NEUTRAL",
        "I am not happy about it.|NEUTRAL",
        "😭 I miss it|SADNESS",
        "Great, great, but a little sad.|JOY",
    })
    void picksTheEmotionWithMostVotes(String text, Emotion expected) {
        assertThat(classifier.classify(text)).isEqualTo(expected);
    }
}
