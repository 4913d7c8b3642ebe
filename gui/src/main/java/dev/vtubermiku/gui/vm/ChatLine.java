package dev.vtubermiku.gui.vm;

import java.time.Instant;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

/** One line of the conversation; a character's line grows while its reply streams. */
public final class ChatLine {

    /** Who speaks. */
    public enum Role { USER, CHARACTER, NOTICE }

    private final Role role;
    private final String speaker;
    private final @Nullable String turnId;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty emotion = new SimpleStringProperty("");
    private final ObjectProperty<Instant> time;
    private final BooleanProperty streaming = new SimpleBooleanProperty(false);
    private final BooleanProperty failed = new SimpleBooleanProperty(false);

    public ChatLine(Role role, String speaker, @Nullable String turnId, String text, Instant time) {
        this.role = role;
        this.speaker = speaker;
        this.turnId = turnId;
        this.text.set(text);
        this.time = new SimpleObjectProperty<>(time);
    }

    public Role role() {
        return role;
    }

    public String speaker() {
        return speaker;
    }

    public @Nullable String turnId() {
        return turnId;
    }

    public StringProperty textProperty() {
        return text;
    }

    public StringProperty emotionProperty() {
        return emotion;
    }

    public ObjectProperty<Instant> timeProperty() {
        return time;
    }

    public BooleanProperty streamingProperty() {
        return streaming;
    }

    public BooleanProperty failedProperty() {
        return failed;
    }

    @Override
    public String toString() {
        return role + " " + speaker + ": " + text.get();
    }
}
