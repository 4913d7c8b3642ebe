package dev.vtubermiku.gui.vm;

import dev.vtubermiku.gui.net.ConnectionState;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The connection to the backend as the status bar shows it. */
public final class ConnectionViewModel {

    private final Executor ui;
    private final ReadOnlyObjectWrapper<ConnectionState> state = new ReadOnlyObjectWrapper<>(ConnectionState.CONNECTING);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("Connecting…");

    public ConnectionViewModel(Executor ui) {
        this.ui = ui;
    }

    /** From any thread. */
    public void update(ConnectionState newState, String newDetail) {
        ui.execute(() -> {
            state.set(newState);
            detail.set(newDetail);
        });
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

}
