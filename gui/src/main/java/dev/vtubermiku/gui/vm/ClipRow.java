package dev.vtubermiku.gui.vm;

import dev.vtubermiku.protocol.VoiceClip;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

/** One processed clip ({@code training_data} row, {@link VoiceClip} on the wire) of the voice dataset. */
public final class ClipRow {

    private final long id;
    private final String filename;
    private final double duration;
    private final String grade;
    private final String speaker;
    private final String audioUrl;
    private final @Nullable Double snrDb;
    private final String label;
    private final StringProperty transcript = new SimpleStringProperty("");
    private final StringProperty emotion = new SimpleStringProperty("");
    private final BooleanProperty included = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper needsTranscript = new ReadOnlyBooleanWrapper(false);

    public ClipRow(VoiceClip clip) {
        this.id = clip.id();
        this.filename = clip.filename();
        this.duration = clip.duration();
        this.grade = clip.grade() == null ? "" : clip.grade();
        this.speaker = clip.speaker() == null ? "" : clip.speaker();
        this.audioUrl = clip.audioUrl();
        this.snrDb = clip.snrDb();
        // Stored names are the server's (upload id and offset): where in the recording it was says more.
        this.label = clip.sourceStart() != null && clip.sourceEnd() != null
                ? String.format(java.util.Locale.ROOT, "%.1f–%.1f s", clip.sourceStart(), clip.sourceEnd())
                : "#" + clip.id();
        update(clip);
    }

    /** Takes the backend's answer after an edit: an empty transcript flags the clip again, for one. */
    void update(VoiceClip clip) {
        transcript.set(clip.transcript() == null ? "" : clip.transcript());
        emotion.set(clip.emotion() == null ? "" : clip.emotion());
        included.set(clip.included());
        needsTranscript.set(clip.needsTranscript());
    }

    public long id() {
        return id;
    }

    public String filename() {
        return filename;
    }

    /** How the table names it: where in its recording it was cut (or its id). */
    public String label() {
        return label;
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

    /** Where the clip's WAV is, as the backend names it ({@code /api/voice/clips/{id}/audio}). */
    public String audioUrl() {
        return audioUrl;
    }

    public @Nullable Double snrDb() {
        return snrDb;
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

    /** No Whisper model was there to transcribe it: it is not trained on until someone types one. */
    public ReadOnlyBooleanProperty needsTranscriptProperty() {
        return needsTranscript.getReadOnlyProperty();
    }
}
