package dev.vtubermiku.server.avatar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Her picture when she has none: her initials on a colour of her own, as an SVG drawn here. */
final class Portrait {

    static final String FILE_NAME = "portrait.svg";

    private Portrait() {}

    static byte[] svg(String name) {
        String initials = Arrays.stream(name.strip().split("[\\s_-]+"))
                .filter(w -> !w.isEmpty())
                .limit(2)
                .map(w -> w.substring(0, w.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT))
                .collect(Collectors.joining());
        if (initials.isEmpty()) {
            initials = "?";
        }
        int hue = Math.floorMod(name.hashCode(), 360);
        String svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
                <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
                <stop offset="0" stop-color="hsl(%d,70%%,62%%)"/><stop offset="1" stop-color="hsl(%d,65%%,42%%)"/>
                </linearGradient></defs>
                <circle cx="256" cy="256" r="248" fill="url(#g)"/>
                <text x="256" y="256" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-weight="700"
                 font-size="%d" fill="#ffffff">%s</text>
                </svg>
                """.formatted(hue, (hue + 30) % 360, initials.length() > 1 ? 200 : 260, escape(initials));
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
