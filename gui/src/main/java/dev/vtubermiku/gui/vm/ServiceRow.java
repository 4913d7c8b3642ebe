package dev.vtubermiku.gui.vm;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One backend service's indicator: state ok / degraded / unavailable / starting / unknown. */
public final class ServiceRow {

    private final String name;
    private final StringProperty state = new SimpleStringProperty("unknown");
    private final StringProperty detail = new SimpleStringProperty("waiting for the backend");
    private final StringProperty fix = new SimpleStringProperty("");

    public ServiceRow(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public StringProperty stateProperty() {
        return state;
    }

    public StringProperty detailProperty() {
        return detail;
    }

    public StringProperty fixProperty() {
        return fix;
    }
}
