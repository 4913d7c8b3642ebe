package dev.vtubermiku.speech;

import ai.onnxruntime.OrtEnvironment;
import io.github.givimad.piperjni.PiperJNI;
import io.github.givimad.whisperjni.WhisperJNI;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the native libraries unpack: one folder of ours per library version (named after its jar,
 * e.g. {@code piper-jni-1.2.0-c0670df}), reused by every start, instead of a new folder in the
 * system temp folder per start (piper-jni left 19 MB of espeak-ng data there each time).
 *
 * <ul>
 *   <li>ONNX Runtime (Silero VAD, the memory embedder) loads from {@code onnxruntime.native.path},
 *       which gets the two libraries extracted here once.
 *   <li>whisper-jni loads from its {@code libraryDir} (a private static field, null until first
 *       use) without extracting when it is set: its libraries are extracted here once and it is set.
 *   <li>piper-jni always copies its library into its {@code temporaryDir}, loads and deletes it:
 *       that field is set to a folder of ours for this process; its espeak-ng data is unpacked
 *       once into the version's folder and shared.
 * </ul>
 * Call {@link #use} before any engine loads; a library already loaded is left as it is.
 */
public final class NativeCache {

    private static final Logger log = LoggerFactory.getLogger(NativeCache.class);

    private NativeCache() {}

    private static @Nullable Path chosen;

    /**
     * The folder for this user: {@code -Dvtubermiku.native.cache} (the build points tests at
     * target/), else {@code $XDG_CACHE_HOME/vtubermiku/native}, else {@code ~/.cache/vtubermiku/native}.
     */
    public static Path defaultRoot() {
        String property = System.getProperty("vtubermiku.native.cache");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vtubermiku").resolve("native");
    }

    /** Points the libraries at {@code root}; once per process (they load once), later calls are ignored. */
    public static synchronized void use(Path root) throws IOException {
        if (chosen != null) {
            return;
        }
        chosen = root;
        Path onnx = root.resolve(jarName(OrtEnvironment.class, "onnxruntime"));
        String platform = onnxPlatform();
        if (platform != null && System.getProperty("onnxruntime.native.path") == null) {
            for (String lib : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so"}) {
                extractOnce(OrtEnvironment.class, "/ai/onnxruntime/native/" + platform + "/" + lib, onnx.resolve(lib));
            }
            System.setProperty("onnxruntime.native.path", onnx.toAbsolutePath().toString());
        }
        Path piper = Files.createDirectories(root.resolve(jarName(PiperJNI.class, "piper-jni")));
        Path espeak = piper.resolve("espeak-ng-data");
        if (!Files.isDirectory(espeak)) {
            Path zip = piper.resolve("espeak-ng-data.zip");
            extractOnce(PiperJNI.class, "/espeak-ng-data.zip", zip);
            Path partial = Files.createTempDirectory(piper, "espeak-ng-data.");
            io.github.givimad.piperjni.internal.NativeUtils.extractZipTo(zip, partial);
            // The zip holds espeak-ng-data/ at its top; a crash before this move leaves only a partial folder, never a half one.
            Path inner = Files.isDirectory(partial.resolve("espeak-ng-data")) ? partial.resolve("espeak-ng-data") : partial;
            Files.move(inner, espeak, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(zip);
            deleteTree(partial);
        }
        setIfUnset("io.github.givimad.piperjni.internal.NativeUtils", "temporaryDir", runFolder(piper));
        setIfUnset("io.github.givimad.piperjni.internal.NativeUtils", "espeakNGDir", espeak);
        Path whisper = whisperLibraries(root.resolve(jarName(WhisperJNI.class, "whisper-jni")));
        if (whisper != null) {
            setIfUnset("io.github.givimad.whisperjni.internal.LibraryUtils", "libraryDir", whisper);
        }
        log.debug("Native libraries unpack into {}", root);
    }

    /**
     * whisper-jni loads from {@code libraryDir} as it finds it when that is set, so its three
     * libraries (the ggml build it picks for this CPU) are unpacked here once, in a folder named
     * after that build. Null where this is not done (Windows, or a whisper-jni that changed).
     */
    private static @Nullable Path whisperLibraries(Path version) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return null;
        }
        try {
            Class<?> utils = Class.forName("io.github.givimad.whisperjni.internal.LibraryUtils");
            var choose = utils.getDeclaredMethod("getJarLibraryPaths", WhisperJNI.LibraryLogger.class, boolean.class);
            choose.setAccessible(true);
            Object paths = choose.invoke(null, (WhisperJNI.LibraryLogger) line -> log.debug("whisper-jni: {}", line), false);
            String[][] files = {
                {field(paths, "ggmlPath"), field(paths, "ggmlFilename")},
                {field(paths, "whisperPath"), field(paths, "whisperFilename")},
                {field(paths, "whisperJNIPath"), field(paths, "whisperJNIFilename")}};
            String build = Path.of(files[0][0]).getFileName().toString().replaceAll("\\.(so|dylib)$", "").replaceAll("[^A-Za-z0-9._+-]", "_");
            Path folder = version.resolve(build);
            for (String[] file : files) {
                extractOnce(WhisperJNI.class, file[0], folder.resolve(file[1]));
            }
            return folder;
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            log.warn("Cannot unpack whisper-jni into {}; it unpacks into the system temp folder", version, e);
            return null;
        }
    }

    private static String field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(owner);
    }

    /**
     * A folder of this process's own for a library's copy-load-delete (two backends on one
     * MODELS_DIR must not overwrite a library the other is loading); the loaders delete their copy
     * once loaded, and the empty folders of processes that are gone are removed here.
     */
    private static Path runFolder(Path library) throws IOException {
        try (var runs = Files.newDirectoryStream(library, "run-*")) {
            for (Path run : runs) {
                long pid = parsePid(run.getFileName().toString().substring(4));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    deleteTree(run);
                }
            }
        }
        return Files.createDirectories(library.resolve("run-" + ProcessHandle.current().pid()));
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The jar's file name without .jar (its version is in it), or the fallback when not run from a jar. */
    static String jarName(Class<?> type, String fallback) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source != null) {
                String name = Path.of(source.getLocation().toURI()).getFileName().toString();
                if (name.endsWith(".jar")) {
                    return name.substring(0, name.length() - 4);
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            log.debug("Cannot tell which jar {} came from", type.getName(), e);
        }
        return fallback;
    }

    private static @Nullable String onnxPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null; // other systems keep ONNX Runtime's own extraction (it cleans up after itself)
        }
        return arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : arch.equals("aarch64") ? "linux-aarch64" : null;
    }

    /**
     * A native library of another jar (e.g. SQLite's), unpacked once into {@code root}'s folder for
     * that jar's version and reused by every later start; the library's path.
     */
    public static Path unpackOnce(Path root, Class<?> owner, String resource, String fallback) throws IOException {
        Path target = root.resolve(jarName(owner, fallback)).resolve(Path.of(resource).getFileName().toString());
        extractOnce(owner, resource, target);
        return target;
    }

    private static void extractOnce(Class<?> owner, String resource, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the jar of " + owner.getName() + " has no " + resource);
            }
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    private static void setIfUnset(String className, String fieldName, Path value) {
        try {
            Field field = Class.forName(className).getDeclaredField(fieldName);
            field.setAccessible(true);
            if (field.get(null) == null) {
                field.set(null, value.toAbsolutePath());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A newer library without the field: it falls back to the system temp folder, as before.
            log.warn("Cannot point {}.{} at {}; it unpacks into the system temp folder", className, fieldName, value, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
