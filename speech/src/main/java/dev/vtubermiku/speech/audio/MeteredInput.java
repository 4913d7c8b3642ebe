package dev.vtubermiku.speech.audio;

import java.io.ByteArrayInputStream;

/** The input of a decoder, telling how many bytes it has read: the denominator of the expansion ratio. */
final class MeteredInput extends ByteArrayInputStream {

    MeteredInput(byte[] bytes) {
        super(bytes);
    }

    synchronized long consumed() {
        return pos;
    }
}
