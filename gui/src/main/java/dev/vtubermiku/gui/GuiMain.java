package dev.vtubermiku.gui;

import javafx.application.Application;

/**
 * {@code ./vtuber gui}: the command center, connecting to API_HOST:API_PORT (with API_TOKEN when
 * set). A separate main class, so the launcher can start it from the class path.
 */
public final class GuiMain {

    private GuiMain() {}

    public static void main(String[] args) {
        Application.launch(CommandCenterApp.class, args);
    }
}
