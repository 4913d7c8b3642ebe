package dev.vtubermiku.core.speech;

/** Hears each sentence's audio as soon as it is made, in the order the sentences were given. */
@FunctionalInterface
public interface SentenceListener {

    /**
     * @param index the sentence's position, from 0
     * @param sentence the text that was spoken
     * @param audio its audio
     */
    void spoken(int index, String sentence, SpokenAudio audio);
}
