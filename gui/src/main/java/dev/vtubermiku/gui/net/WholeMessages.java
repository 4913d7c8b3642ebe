package dev.vtubermiku.gui.net;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Joins the parts the JDK's WebSocket hands a listener into whole messages, text and binary apart.
 * One per socket, called from its listener's callbacks (which the JDK never runs at once).
 */
final class WholeMessages {

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /** The whole text message once {@code last} is true; null while parts are still coming. */
    @Nullable String text(CharSequence part, boolean last) {
        text.append(part);
        if (!last) {
            return null;
        }
        String message = text.toString();
        text.setLength(0);
        return message;
    }

    /** The whole binary message once {@code last} is true; null while parts are still coming. */
    byte @Nullable [] binary(ByteBuffer part, boolean last) {
        byte[] bytes = new byte[part.remaining()];
        part.get(bytes);
        binary.writeBytes(bytes);
        if (!last) {
            return null;
        }
        byte[] message = binary.toByteArray();
        binary.reset();
        return message;
    }
}
