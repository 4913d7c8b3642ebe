package dev.vtubermiku.core.speech;

/** A request named a voice that does not exist. */
public final class UnknownVoiceException extends RuntimeException {

    private final String voice;

    public UnknownVoiceException(String voice) {
        super("There is no voice named '" + voice + "'. GET /api/voices lists them.");
        this.voice = voice;
    }

    public String voice() {
        return voice;
    }
}
