package dev.vtubermiku.server.audience.twitch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vtubermiku.core.status.ServiceHealth;
import dev.vtubermiku.core.status.ServiceState;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Twitch4J brings okhttp 4 and 5 and Kotlin stdlibs of several versions; the okhttp and Kotlin BOMs
 * in the parent POM pin one of each. This proves it on the test class path (the server's runtime
 * class path plus test libraries), and that Twitch4J works on what is left: its okhttp token check
 * and its chat client against the fake server.
 */
class ChatClasspathTest {

    private static final Pattern JAR = Pattern.compile("(?:^|/)(okhttp(?:-jvm)?|logging-interceptor|kotlin-stdlib(?:-jdk[78]|-common)?|kotlin-reflect)-(\\d[^/]*?)\\.jar$");

    @Test
    void exactlyOneOkHttpAndOneKotlinVersion() throws IOException {
        assertThat(copies("okhttp3/OkHttpClient.class")).as("copies of OkHttpClient").hasSize(1);
        assertThat(copies("kotlin/Unit.class")).as("copies of the Kotlin stdlib").hasSize(1);
        assertThat(okhttp3.OkHttp.VERSION).startsWith("5.");
        assertThat(kotlin.KotlinVersion.CURRENT.getMajor()).isEqualTo(2);

        Set<String> okhttp = new TreeSet<>();
        Set<String> kotlinJars = new TreeSet<>();
        for (String jar : classPathJars()) {
            Matcher m = JAR.matcher(jar.replace(File.separatorChar, '/'));
            if (m.find()) {
                (m.group(1).startsWith("kotlin") ? kotlinJars : okhttp).add(m.group(2));
            }
        }
        assertThat(okhttp).as("okhttp versions on the class path").containsExactly(okhttp3.OkHttp.VERSION);
        assertThat(kotlinJars).as("Kotlin versions on the class path").containsExactly(kotlin.KotlinVersion.CURRENT.toString());
    }

    @Test
    void twitch4jChatAndItsTokenCheckRunOnThePinnedLibraries() {
        List<ServiceHealth> states = new CopyOnWriteArrayList<>();
        try (FakeTwitchIrc irc = new FakeTwitchIrc();
                TwitchConnector connector = new TwitchConnector(
                        new TwitchConnector.Options("mikuchan", FakeTwitchIrc.TOKEN, irc.ircUrl(), irc.authUrl()),
                        m -> {}, states::add, Clock.systemUTC())) {
            connector.start();
            long end = System.nanoTime() + 15_000_000_000L;
            while (!(connector.canPost() && irc.joined() == 1) && System.nanoTime() < end) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertThat(states.getLast().state()).isEqualTo(ServiceState.OK);
            assertThat(states.getLast().detail()).contains("posting as " + FakeTwitchIrc.BOT); // okhttp's /validate call worked
        }
    }

    private static List<URL> copies(String resource) throws IOException {
        return Collections.list(ChatClasspathTest.class.getClassLoader().getResources(resource));
    }

    /** Surefire's test class path (it may run from a manifest-only jar, so java.class.path alone is not enough). */
    private static List<String> classPathJars() {
        List<String> jars = new ArrayList<>();
        for (String property : List.of("surefire.test.class.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                jars.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        assertThat(jars).as("class path entries").anyMatch(j -> j.contains("twitch4j-chat"));
        return jars;
    }
}
