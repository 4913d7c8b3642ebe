package dev.vtubermiku.server.audience;

import dev.vtubermiku.core.audience.ChatPoster;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A chat connector's poster that keeps what she posted. */
final class RecordingPoster implements ChatPoster {

    final List<String> posted = new CopyOnWriteArrayList<>();
    private final String platform;

    RecordingPoster(String platform) {
        this.platform = platform;
    }

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public boolean canPost() {
        return true;
    }

    @Override
    public boolean post(String text) {
        posted.add(text);
        return true;
    }
}
