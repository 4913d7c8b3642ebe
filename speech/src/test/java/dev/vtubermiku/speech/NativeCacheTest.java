package dev.vtubermiku.speech;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.github.givimad.piperjni.PiperJNI;
import io.github.givimad.whisperjni.WhisperJNI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each start used to leave piper-jni's 19 MB of espeak-ng data (and onnxruntime and whisper-jni
 * folders after a kill) in the system temp folder. With {@link NativeCache} two starts of a JVM
 * that loads all three libraries leave the temp folder empty, and the second adds nothing to the cache.
 */
class NativeCacheTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStartUnpacksNothingAndTheTempFolderStaysEmpty() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = dir.resolve("cache");

        start(tmp, cache);
        Map<String, Long> first = files(cache);
        assertThat(first.keySet()).anyMatch(f -> f.endsWith("libonnxruntime.so")).anyMatch(f -> f.contains("espeak-ng-data/"));
        assertThat(list(tmp)).as("temp folder after the first start").isEmpty();

        start(tmp, cache);
        assertThat(files(cache)).as("cache after the second start").isEqualTo(first);
        assertThat(list(tmp)).as("temp folder after the second start").isEmpty();
    }

    /** A JVM of its own: each library loads once per process. */
    private static void start(Path tmp, Path cache) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-Dvtubermiku.native.cache=" + cache,
                "-cp", System.getProperty("java.class.path"), LoadAll.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    /** Regular files below {@code root} with their sizes (the per-process folders are empty once loaded). */
    private static Map<String, Long> files(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.size(p));
            }
        }
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Loads whisper-jni, piper-jni (with its espeak-ng data) and ONNX Runtime, as a backend does. */
    public static final class LoadAll {
        public static void main(String[] args) throws Exception {
            NativeCache.use(NativeCache.defaultRoot());
            WhisperJNI.loadLibrary();
            PiperJNI piper = new PiperJNI();
            piper.initialize(true, false);
            OrtEnvironment.getEnvironment().close();
            piper.close();
        }
    }
}
