package dev.vtubermiku.gui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One processed clip ({@code training_data} row) of the voice dataset. */
public final class ClipRow {

    private final long id;
    private final String filename;
    private final double duration;
    private final String grade;
    private final String speaker;
    private final StringProperty transcript = new SimpleStringProperty("");
    private final StringProperty emotion = new SimpleStringProperty("");
    private final BooleanProperty included = new SimpleBooleanProperty(true);

    ClipRow(JsonNode clip) {
        this.id = clip.path("id").asLong();
        this.filename = clip.path("filename").asText("");
        this.duration = clip.path("duration").asDouble();
        // The grade may come as a field of its own or inside the quality metrics.
        this.grade = clip.hasNonNull("grade") ? clip.get("grade").asText()
                : clip.path("quality").isTextual() ? clip.path("quality").asText() : clip.path("quality").path("grade").asText("");
        this.speaker = clip.path("speaker").asText("");
        transcript.set(clip.path("transcript").asText(""));
        emotion.set(clip.path("emotion").asText(""));
        included.set(clip.path("included").asBoolean(true));
    }

    public long id() {
        return id;
    }

    public String filename() {
        return filename;
    }

    public double duration() {
        return duration;
    }

    /** good, fair or poor (empty when the backend gave none). */
    public String grade() {
        return grade;
    }

    public String speaker() {
        return speaker;
    }

    public StringProperty transcriptProperty() {
        return transcript;
    }

    public StringProperty emotionProperty() {
        return emotion;
    }

    public BooleanProperty includedProperty() {
        return included;
    }
}
