package dev.vtubermiku.core.speech;

/** A speech service cannot serve now (no model, a model that failed to load, saturated); says the fix. */
public final class SpeechUnavailableException extends RuntimeException {

    private final String fix;

    public SpeechUnavailableException(String message, String fix) {
        super(message);
        this.fix = fix;
    }

    /** What the user can do, e.g. "run ./vtuber models pull en_US-amy-medium". */
    public String fix() {
        return fix;
    }
}
