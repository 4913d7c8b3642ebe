package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.Blocklist;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.core.chat.ReplyVoice;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her voice behind the blocklist: a reply that contains a word of AUDIENCE_BLOCKLIST is not spoken
 * (whoever she answers: a viewer may have led her there, the streamer's turns get the same rule).
 */
public final class GuardedReplyVoice implements ReplyVoice {

    private static final Logger log = LoggerFactory.getLogger(GuardedReplyVoice.class);
    static final String REFUSED = "not spoken: the reply contains a blocklisted word (AUDIENCE_BLOCKLIST)";

    private final ReplyVoice voice;
    private final Supplier<Blocklist> blocklist;

    public GuardedReplyVoice(ReplyVoice voice, Supplier<Blocklist> blocklist) {
        this.voice = voice;
        this.blocklist = blocklist;
    }

    /** AUDIENCE_BLOCKLIST as it is now, read again only when the setting changes. */
    public static Supplier<Blocklist> blocklist(dev.vtubermiku.server.config.RuntimeConfig config) {
        java.util.concurrent.atomic.AtomicReference<java.util.Map.Entry<String, Blocklist>> cache =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Map.entry("", Blocklist.NONE));
        return () -> {
            String value = config.current().get(dev.vtubermiku.server.config.ConfigKey.AUDIENCE_BLOCKLIST);
            java.util.Map.Entry<String, Blocklist> seen = cache.get();
            if (!seen.getKey().equals(value)) {
                seen = java.util.Map.entry(value, Blocklist.of(java.util.List.of(value.split(","))));
                cache.set(seen);
            }
            return seen.getValue();
        };
    }

    @Override
    public Spoken speak(Persona persona, String text, Emotion emotion) {
        Optional<String> word = blocklist.get().find(text);
        if (word.isPresent()) {
            log.warn("{}'s reply was not spoken: it contains a blocklisted word", persona.name());
            return new Spoken.Unavailable(REFUSED);
        }
        return voice.speak(persona, text, emotion);
    }
}
