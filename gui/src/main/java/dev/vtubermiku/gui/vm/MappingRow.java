package dev.vtubermiku.gui.vm;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One editable line of a mapping: an emotion or state, and what it maps to (an expression, hotkey or scene). */
public final class MappingRow {

    private final String key;
    private final StringProperty value;

    public MappingRow(String key, String value) {
        this.key = key;
        this.value = new SimpleStringProperty(value);
    }

    public String key() {
        return key;
    }

    public StringProperty valueProperty() {
        return value;
    }
}
