package dev.vtubermiku.gui.vm;

import dev.vtubermiku.protocol.ModelList;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One downloadable model; {@code progress} is 0..1 while a pull runs, -1 otherwise. */
public final class CatalogRow {

    private final String name;
    private final String kind;
    private final String description;
    private final long sizeBytes;
    private final boolean isDefault;
    private final StringProperty state = new SimpleStringProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);

    public CatalogRow(ModelList.ModelInfo info) {
        this.name = info.name();
        this.kind = info.kind();
        this.description = info.description();
        this.sizeBytes = info.sizeBytes();
        this.isDefault = info.isDefault();
        state.set(info.pull() != null && "running".equals(info.pull().state()) ? "pulling" : info.state());
        if (info.pull() != null && info.pull().bytesTotal() > 0 && "running".equals(info.pull().state())) {
            progress.set((double) info.pull().bytesDone() / info.pull().bytesTotal());
        }
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public boolean isDefault() {
        return isDefault;
    }

    public StringProperty stateProperty() {
        return state;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }
}
