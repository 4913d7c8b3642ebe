package dev.vtubermiku.core.chat;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the emotion of a reply that came without a tag, from a small lexicon: each word or emoji
 * that names a feeling counts one for it, a word right after a negation ("not happy") does not
 * count, and the emotion with most votes wins; no votes is neutral. Crude on purpose: it runs on
 * every untagged reply, must be instant, and only picks an avatar expression.
 */
public final class EmotionClassifier {

    private static final Pattern WORD = Pattern.compile("[\\p{L}']+|[\\x{1F300}-\\x{1FAFF}\\x{2600}-\\x{27BF}]");
    private static final List<String> NEGATIONS = List.of("not", "no", "never", "don't", "didn't", "isn't", "wasn't", "aren't");

    private final Map<String, Emotion> lexicon = new HashMap<>();

    public EmotionClassifier() {
        add(Emotion.JOY, "happy", "glad", "yay", "love", "loved", "lovely", "great", "wonderful", "awesome", "fun",
                "haha", "hehe", "excited", "delighted", "cute", "fantastic", "thanks", "thank", "enjoy",
                "\uD83D\uDE0A", "\uD83D\uDE04", "\uD83D\uDE02", "\u2764", "\uD83E\uDD70", "\uD83C\uDF89");
        add(Emotion.SADNESS, "sad", "sorry", "miss", "lonely", "cry", "crying", "tears", "unfortunately", "heartbroken",
                "depressed", "upset", "sigh", "\uD83D\uDE22", "\uD83D\uDE2D", "\uD83D\uDE14");
        add(Emotion.ANGER, "angry", "mad", "furious", "annoying", "annoyed", "hate", "rage", "ugh", "grr", "stupid",
                "\uD83D\uDE20", "\uD83D\uDE21");
        add(Emotion.SURPRISE, "wow", "whoa", "woah", "surprised", "surprise", "unexpected", "omg", "incredible",
                "unbelievable", "\uD83D\uDE2E", "\uD83D\uDE32");
        add(Emotion.FEAR, "scared", "afraid", "fear", "terrified", "scary", "nervous", "worried", "anxious", "creepy",
                "\uD83D\uDE28", "\uD83D\uDE31");
        add(Emotion.DISGUST, "gross", "disgusting", "yuck", "eww", "ew", "nasty", "revolting", "\uD83E\uDD22", "\uD83E\uDD2E");
        add(Emotion.SMIRK, "hmph", "heh", "obviously", "clearly", "naturally", "tease", "teasing", "smug", "\uD83D\uDE0F",
                "\uD83D\uDE09");
    }

    private void add(Emotion emotion, String... words) {
        for (String w : words) {
            lexicon.put(w, emotion);
        }
    }

    public Emotion classify(String text) {
        Map<Emotion, Integer> votes = new EnumMap<>(Emotion.class);
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        String previous = "";
        while (m.find()) {
            String word = m.group();
            Emotion e = lexicon.get(word);
            if (e != null && !NEGATIONS.contains(previous)) {
                votes.merge(e, 1, Integer::sum);
            }
            previous = word;
        }
        Emotion best = Emotion.NEUTRAL;
        int most = 0;
        for (Map.Entry<Emotion, Integer> v : votes.entrySet()) {
            if (v.getValue() > most) { // ties keep the earlier emotion in declaration order
                best = v.getKey();
                most = v.getValue();
            }
        }
        return best;
    }
}
