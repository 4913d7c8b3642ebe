package dev.vtubermiku.server.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A pattern layout whose output never contains a configured secret. */
final class MaskingLayout extends PatternLayout {

    private final SecretMasker masker;

    MaskingLayout(SecretMasker masker) {
        this.masker = masker;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return masker.mask(super.doLayout(event));
    }
}
