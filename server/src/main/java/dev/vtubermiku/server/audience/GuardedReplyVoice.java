package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.Blocklist;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.chat.Emotion;
import dev.vtubermiku.core.chat.ReplyVoice;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Her voice behind the blocklist: a reply that contains a word of AUDIENCE_BLOCKLIST is not spoken
 * (whoever she answers: a viewer may have led her there, the streamer's turns get the same rule).
 * The reply streams into her voice as it is written, so the check runs as it streams: text is handed
 * on only up to the last word boundary (a word is judged whole), and the first blocklisted word stops
 * her voice before that word reaches it; sentences before it may already have been said.
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
    public Speaking open(Persona persona, String turnId, String origin) {
        return new Guarded(persona, voice.open(persona, turnId, origin), blocklist.get());
    }

    /** One reply's voice, handed the reply a whole word at a time and stopped at the first blocklisted one. */
    private static final class Guarded implements Speaking {
        private final Persona persona;
        private final Speaking inner;
        private final Blocklist words;
        private final StringBuilder text = new StringBuilder();
        private int handedOn;
        private boolean refused;

        Guarded(Persona persona, Speaking inner, Blocklist words) {
            this.persona = persona;
            this.inner = inner;
            this.words = words;
        }

        @Override
        public void emotion(Emotion emotion) {
            if (!refused) {
                inner.emotion(emotion);
            }
        }

        @Override
        public void token(String piece) {
            if (refused) {
                return;
            }
            text.append(piece);
            int boundary = lastBoundary(text);
            if (boundary > handedOn) {
                handOn(boundary);
            }
        }

        @Override
        public Spoken finish(String reply, Emotion emotion) {
            if (!refused && words.find(reply).isPresent()) {
                refuse();
            }
            if (refused) {
                return new Spoken.Unavailable(REFUSED);
            }
            if (text.length() > handedOn) {
                inner.token(text.substring(handedOn));
            }
            return inner.finish(reply, emotion);
        }

        @Override
        public void stop(String why) {
            inner.stop(why);
        }

        private void handOn(int upTo) {
            if (words.find(text.substring(0, upTo)).isPresent()) {
                refuse();
                return;
            }
            inner.token(text.substring(handedOn, upTo));
            handedOn = upTo;
        }

        private void refuse() {
            refused = true;
            log.warn("{}'s reply was not spoken (from the blocklisted word on): it contains a blocklisted word", persona.name());
            inner.stop(REFUSED);
        }

        /** The index just after the last character that ends a word (white space or punctuation), 0 when none. */
        private static int lastBoundary(CharSequence s) {
            for (int i = s.length() - 1; i >= 0; i--) {
                char c = s.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '\'' && c != '-' && !Character.isSurrogate(c)
                        && Character.getType(c) != Character.NON_SPACING_MARK) {
                    return i + 1;
                }
            }
            return 0;
        }
    }
}
