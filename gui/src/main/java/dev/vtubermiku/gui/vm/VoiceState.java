package dev.vtubermiku.gui.vm;

/** Where a hands-free voice session stands, as the Chat tab shows it. */
public enum VoiceState {
    OFF("Talk is off"),
    CONNECTING("Connecting…"),
    LISTENING("Listening"),
    HEARING("Hearing you"),
    THINKING("Thinking"),
    SPEAKING("Speaking"),
    INTERRUPTED("Interrupted");

    private final String label;

    VoiceState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
