package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.ConnectionState;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The connection to the backend as the status bar shows it. */
public final class ConnectionViewModel {

    private final Executor ui;
    private final ReadOnlyObjectWrapper<ConnectionState> state = new ReadOnlyObjectWrapper<>(ConnectionState.CONNECTING);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("Connecting…");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper backend;

    public ConnectionViewModel(Executor ui, String backend) {
        this.ui = ui;
        this.backend = new ReadOnlyStringWrapper(backend);
    }

    /** From any thread. */
    public void update(ConnectionState newState, String newDetail) {
        ui.execute(() -> {
            state.set(newState);
            detail.set(newDetail);
            connected.set(newState == ConnectionState.CONNECTED);
        });
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty backendProperty() {
        return backend.getReadOnlyProperty();
    }
}
