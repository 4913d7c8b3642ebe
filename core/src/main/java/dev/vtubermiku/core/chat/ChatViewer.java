package dev.vtubermiku.core.chat;

/**
 * Who is speaking when a line is not the streamer's: a viewer in a platform's live chat. Their words
 * are framed as a viewer's in the prompt (never as an instruction) and stored with their name.
 *
 * @param platform {@code twitch} or {@code youtube}
 * @param name     the viewer's display name, already made safe to show (letters, digits, a few marks)
 */
public record ChatViewer(String platform, String name) {

    /** The line as the model reads it: who said it and where, with no way to fake that frame from inside. */
    public String frame(String text) {
        return "[Live chat · " + platform + " · viewer \"" + name + "\"] " + text.replace('[', '(').replace(']', ')');
    }

    /** The line as long-term memory keeps it, so that a later recall knows whose words they were. */
    public String remembered(String text) {
        return name + " (" + platform + " viewer): " + text;
    }
}
