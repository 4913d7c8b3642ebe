package dev.vtubermiku.server.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven by its chromedriver (no Selenium Manager, no download): the
 * browser an OBS browser source stands for. Audio plays without a gesture (as in OBS) into Chromium's
 * fake audio output; WebGL is SwiftShader's software renderer. A test using it is skipped, with the
 * reason, on a machine without the two Debian packages. Public for the overlay's benchmark.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts one; skips the calling test when chromium or chromedriver is missing. */
    public static HeadlessChromium start(int width, int height, Path scratch) {
        assumeTrue(installed(), MISSING);
        return launch(width, height, scratch);
    }

    private static final String MISSING = "the overlay's browser tests need Debian's chromium and chromium-driver ("
            + CHROMIUM + ", " + DRIVER + "); install them with: apt-get install chromium chromium-driver";

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    /** Starts one outside JUnit (the benchmark); fails when chromium or chromedriver is missing. */
    public static HeadlessChromium launch(int width, int height, Path scratch) {
        if (!installed()) {
            throw new IllegalStateException(MISSING);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--hide-scrollbars", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--user-data-dir=" + scratch.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(scratch.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // The page's size exactly, as an OBS browser source sets it (the window's includes its frame).
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return new HeadlessChromium(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** {@code window.overlayState} (a snapshot), or an empty map before the page has made it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> state() {
        Object state = driver.executeScript("return window.overlayState ? JSON.parse(JSON.stringify(window.overlayState)) : {};");
        return (Map<String, Object>) state;
    }

    /** Polls the page's state every 20 ms until the condition holds; fails with the last state. */
    public Map<String, Object> await(String what, Duration timeout, Predicate<Map<String, Object>> condition) {
        long end = System.nanoTime() + timeout.toNanos();
        Map<String, Object> state = state();
        while (!condition.test(state)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the overlay did not show " + what + " within " + timeout + "; state: " + state);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            state = state();
        }
        return state;
    }

    /**
     * A screenshot with the page's own transparency: Chromium's default white backdrop is turned off,
     * as OBS does for a browser source.
     */
    public BufferedImage transparentScreenshot() {
        driver.executeCdpCommand("Emulation.setDefaultBackgroundColorOverride",
                Map.of("color", Map.of("r", 0, "g", 0, "b", 0, "a", 0)));
        Object data = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png")).get("data");
        try {
            return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) data)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
