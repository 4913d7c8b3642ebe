package dev.vtubermiku.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The command line every benchmark takes: {@code --name value} options, each named up front, so a
 * typo is an error (exit 2) instead of a silently ignored option.
 */
final class BenchArgs {

    /** Where the shared test fixtures are, relative to the repository root. */
    static final Path FIXTURES = Path.of("../shared/fixtures");

    private final Map<String, String> values;

    private BenchArgs(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param options the option names this benchmark knows, without the leading dashes
     * @throws IllegalArgumentException for an unknown option or one without its value
     */
    static BenchArgs parse(String[] args, String... options) {
        Set<String> known = Set.of(options);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: --" + String.join(", --", List.of(options)));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return new BenchArgs(values);
    }

    /**
     * A benchmark's options as {@code parse} reads them; when it refuses them, prints why and the
     * usage line and exits 2 (a setup problem, not a missed target).
     */
    static <T> T parseOrExit(String[] args, Function<String[], T> parse, String usage) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: " + usage);
            System.exit(2);
            throw new AssertionError("unreachable");
        }
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    Path path(String name, Path fallback) {
        return values.containsKey(name) ? Path.of(values.get(name)) : fallback;
    }

    /** {@code --fixtures}, or {@link #FIXTURES}. */
    Path fixtures() {
        return path("fixtures", FIXTURES);
    }
}
