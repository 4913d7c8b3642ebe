package dev.vtubermiku.server.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * A pattern layout whose output never contains a configured secret, and whose messages cannot
 * hold a line break or other control character (user text is escaped, see {@link EscapedMessageConverter}).
 */
final class MaskingLayout extends PatternLayout {

    private final SecretMasker masker;

    MaskingLayout(SecretMasker masker) {
        this.masker = masker;
        for (String word : new String[] {"m", "msg", "message"}) {
            getInstanceConverterMap().put(word, EscapedMessageConverter::new);
        }
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return masker.mask(super.doLayout(event));
    }
}
