package dev.vtubermiku.gui.vm;

/**
 * One line of the Stream tab's live chat: who wrote what on which platform, and what became of it
 * ({@code queued: names her, asks a question}, {@code skipped: link}, {@code answered}).
 */
public record StreamLine(String platform, String user, String text, String outcome) {

    public String display() {
        return "[" + platform + "] " + user + ": " + text + (outcome.isEmpty() ? "" : "   — " + outcome);
    }
}
