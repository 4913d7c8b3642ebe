package dev.vtubermiku.server.character;

import java.io.IOException;

/** Card files built by the tests, for tests in other packages. */
public final class CardFilesTestSupport {

    private CardFilesTestSupport() {}

    /** A real PNG with a text chunk added by hand. */
    public static byte[] pngWithText(String keyword, String text) throws IOException {
        return CardFilesTest.pngWithText(keyword, text);
    }
}
