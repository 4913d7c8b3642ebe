package dev.vtubermiku.gui.vm;

import dev.vtubermiku.protocol.ConfigResponse;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One configuration key; {@code value} is editable when the key can change at runtime. */
public final class ConfigRow {

    private final ConfigResponse.Entry entry;
    private final StringProperty value;
    private final BooleanBinding edited;

    public ConfigRow(ConfigResponse.Entry entry) {
        this.entry = entry;
        this.value = new SimpleStringProperty(entry.value());
        this.edited = Bindings.createBooleanBinding(() -> !value.get().equals(entry.value()), value);
    }

    public String key() {
        return entry.key();
    }

    public String source() {
        return entry.source();
    }

    public boolean secret() {
        return entry.secret();
    }

    public boolean runtime() {
        return entry.runtime();
    }

    public String description() {
        return entry.description();
    }

    public String original() {
        return entry.value();
    }

    public StringProperty valueProperty() {
        return value;
    }

    public BooleanBinding editedProperty() {
        return edited;
    }
}
