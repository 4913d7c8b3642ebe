package dev.vtubermiku.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The module and adapter boundaries of DESIGN.md Part 2, checked on every build. Third-party
 * packages are banned by name, not only our own, so vendor types cannot leak into the domain.
 */
@AnalyzeClasses(packages = "dev.vtubermiku", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRAMEWORKS_AND_VENDORS = {
        "io.javalin..", "org.eclipse.jetty..", "javafx..", "org.jdbi..", "org.flywaydb..", "java.sql..",
        "dev.langchain4j..", "io.github.givimad..", "ai.onnxruntime..", "com.fasterxml..", "com.zaxxer..",
        "org.sqlite..", "oshi..", "ch.qos.logback.."
    };

    @ArchTest
    static final ArchRule coreIsFreeOfFrameworks = noClasses().that().resideInAPackage("dev.vtubermiku.core..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS_AND_VENDORS)
            .because("the domain must be testable and replaceable without any framework or vendor library");

    @ArchTest
    static final ArchRule coreUsesOnlyTheProtocol = noClasses().that().resideInAPackage("dev.vtubermiku.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.server..", "dev.vtubermiku.gui..",
                    "dev.vtubermiku.speech..", "dev.vtubermiku.bench..")
            .because("dependencies point one way: adapters depend on the core, never the reverse");

    @ArchTest
    static final ArchRule protocolIsTheBottom = noClasses().that().resideInAPackage("dev.vtubermiku.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.core..", "dev.vtubermiku.server..",
                    "dev.vtubermiku.gui..", "dev.vtubermiku.speech..")
            .because("the wire contract is shared by every client and must not pull in the backend");

    @ArchTest
    static final ArchRule nativeSpeechStaysInSpeech = noClasses()
            .that().resideOutsideOfPackages("dev.vtubermiku.speech..", "dev.vtubermiku.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.givimad..", "ai.onnxruntime..")
            .because("native handles live in the speech module and nowhere else (the bench calls the raw engines "
                    + "only to measure our overhead over them)");

    @ArchTest
    static final ArchRule speechIsBelowTheServer = noClasses().that().resideInAPackage("dev.vtubermiku.speech..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.server..", "dev.vtubermiku.gui..",
                    "io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "java.sql..")
            .because("the speech engines implement the core's ports; the server uses them, never the reverse");

    @ArchTest
    static final ArchRule speechPortsAreUsedThroughCore = noClasses().that().resideInAPackage("dev.vtubermiku.server.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.speech.piper..", "dev.vtubermiku.speech.whisper..",
                    "dev.vtubermiku.speech.vad..")
            .because("routes speak to the engines through TextToSpeech and SpeechToText, so engines can be swapped");

    @ArchTest
    static final ArchRule remoteSpeechIsReachedOnlyThroughThePorts = noClasses()
            .that().resideOutsideOfPackage("dev.vtubermiku.server.speech..")
            .and().doNotHaveFullyQualifiedName("dev.vtubermiku.server.App")
            .should().dependOnClassesThat().haveNameMatching("dev\\.vtubermiku\\.server\\.speech\\.(Remote|Offloaded|SpeechOffload).*")
            .because("offloaded speech is wired once, behind TextToSpeech and SpeechToText; the /v1 routes serve with this "
                    + "machine's own engines, so two backends pointed at each other never bounce a request between them");

    @ArchTest
    static final ArchRule langChainStaysInTheLlmAdapter = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.llm..")
            .should().dependOnClassesThat().resideInAPackage("dev.langchain4j..")
            .because("the LLM client is one adapter behind the core's LanguageModel port");

    @ArchTest
    static final ArchRule routesTalkToTheChatEngineNotToTheLlm = noClasses().that().resideInAPackage("dev.vtubermiku.server.web..")
            .should().dependOnClassesThat().resideInAPackage("dev.vtubermiku.server.llm..")
            .because("chat goes through the core's engine, which applies the stream limits, history and memory");

    @ArchTest
    static final ArchRule persistenceStaysInTheStore = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "org.flywaydb..", "com.zaxxer..", "org.sqlite..",
                    "java.sql..")
            .because("SQL lives only in the store's DAOs and schema only in its Flyway migrations");

    @ArchTest
    static final ArchRule javalinStaysInTheWebLayer = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.web..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
            .because("HTTP is one delivery mechanism; nothing else should know about it");

    @ArchTest
    static final ArchRule logbackStaysInLogging = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.logging..")
            .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
            .because("everything else logs through SLF4J");

    @ArchTest
    static final ArchRule nativeLibraryInternalsOnlyInTheCache = noClasses().that()
            .doNotHaveFullyQualifiedName("dev.vtubermiku.speech.NativeCache")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.givimad.piperjni.internal..",
                    "io.github.givimad.whisperjni.internal..")
            .because("where the native libraries unpack is decided in one place (NativeCache), which reaches into"
                    + " their internals; anything else would be a second, conflicting extraction");

    @ArchTest
    static final ArchRule twitch4jStaysInTheTwitchConnector = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.audience.twitch..")
            .should().dependOnClassesThat().resideInAnyPackage("com.github.twitch4j..", "com.github.philippheuer..")
            .because("Twitch chat reaches the rest of the backend only as ViewerMessages and a ChatPoster");

    @ArchTest
    static final ArchRule googleApiClientStaysWithTheConnectors = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.audience..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.api.client..", "com.google.api.services..")
            .because("YouTube live chat reaches the rest of the backend only as ViewerMessages");

    @ArchTest
    static final ArchRule oshiStaysInMetrics = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.server.metrics..")
            .should().dependOnClassesThat().resideInAPackage("oshi..")
            .because("host metrics come from one adapter");

    @ArchTest
    static final ArchRule theModelManagerServesEveryDeliveryAlike = noClasses().that()
            .resideInAPackage("dev.vtubermiku.server.models..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.server.web..", "dev.vtubermiku.server.cli..",
                    "dev.vtubermiku.server.config..", "dev.vtubermiku.speech..")
            .because("the command line, the API and the engines all use the model manager; it is given its settings"
                    + " and knows none of them");

    @ArchTest
    static final ArchRule voiceTrainingServesEveryDeliveryAlike = noClasses().that()
            .resideInAPackage("dev.vtubermiku.server.training..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.server.web..", "dev.vtubermiku.server.cli..")
            .because("uploads, processing and training runs are driven by the API today and may be by the command line "
                    + "or the GUI tomorrow; their refusals are VoiceExceptions the web layer maps to problems");

    @ArchTest
    static final ArchRule viewersAreAnsweredThroughTheChatEngine = noClasses().that()
            .resideInAPackage("dev.vtubermiku.server.audience..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.server.llm..", "dev.vtubermiku.server.speech..",
                    "dev.vtubermiku.server.web..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.vtubermiku.core.chat.LanguageModel")
            .because("her answers to viewers take the same path as the streamer's (the chat engine with speak: true), so "
                    + "they get its history, memory, emotions, voice and every guard on it; the API drives the pipeline, "
                    + "not the other way round");

    @ArchTest
    static final ArchRule avatarFilesAreCheckedAndStoredOutsideTheWebLayer = noClasses().that()
            .resideInAPackage("dev.vtubermiku.server.avatar..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.server.web..", "dev.vtubermiku.server.cli..")
            .because("an avatar file is checked (VRM, zip, picture headers) and stored by server.avatar whoever hands it in; "
                    + "its refusals are InvalidAvatarExceptions the web layer maps to problems");

    @ArchTest
    static final ArchRule childProcessesAreStartedWhereTheyAreSupervised = noClasses().that()
            .resideOutsideOfPackages("dev.vtubermiku.server.training..", "dev.vtubermiku.server.cli..", "dev.vtubermiku.server.probe..",
                    "dev.vtubermiku.bench..")
            .should().callMethod(ProcessBuilder.class, "start")
            .because("a child process is killed with its process group, logged and cleaned up only by TrainerProcess "
                    + "(training), the command line (trainer setup) and the trainer probe (a bounded check)");

    @ArchTest
    static final ArchRule javafxOnlyInTheGui = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.gui..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the backend must run headless");

    @ArchTest
    static final ArchRule guiTalksOnlyThroughTheProtocol = noClasses().that().resideInAPackage("dev.vtubermiku.gui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.core..", "dev.vtubermiku.server..",
                    "dev.vtubermiku.speech..")
            .allowEmptyShould(true)
            .because("the GUI is a client like any other: HTTP and /ws only");

    @ArchTest
    static final ArchRule terminalOutputOnlyFromTheCommandLine = noClasses().that()
            .resideOutsideOfPackages("dev.vtubermiku.server.cli..", "dev.vtubermiku.bench..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("there is one log stream; only the command line prints to the terminal");

    @ArchTest
    static final ArchRule coreTakesTimeAndThreadsFromOutside = noClasses().that().resideInAPackage("dev.vtubermiku.core..")
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callConstructor(Thread.class, Runnable.class)
            .because("time and threads are injected (Clock, ThreadFactory), so timing logic is testable");

    @ArchTest
    static final ArchRule theVoiceLoopUsesOnlyPortsAndTheProtocol = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
            .that().resideInAPackage("dev.vtubermiku.core.voice..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.vtubermiku.core..", "dev.vtubermiku.protocol",
                    "dev.vtubermiku.protocol.event", "java..", "org.slf4j..", "org.jspecify..")
            .because("the voice loop is domain logic: engines, the LLM, the store and the socket reach it through "
                    + "core ports (SpeechToText, TextToSpeech, VoiceActivityDetector, ChatEngine, ChatHistory, TurnAudioSink)");

    @ArchTest
    static final ArchRule theWebLayerAnswersWithTheProtocolNotStoreRows = noClasses().that()
            .resideInAPackage("dev.vtubermiku.server.web..")
            .should().dependOnClassesThat().resideInAPackage("dev.vtubermiku.server.store")
            .because("rows and DAOs are the store's shape; a route answers with protocol records its service builds, so a "
                    + "column can change without the API changing (audio files are served through store.files)");

    @ArchTest
    static final ArchRule theWebLayerDecodesButNeverRunsAnEngine = noClasses().that()
            .resideInAPackage("dev.vtubermiku.server.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.speech.whisper..",
                    "dev.vtubermiku.speech.piper..", "dev.vtubermiku.speech.vad..")
            .because("routes reach the engines through core's ports (SpeechToText, TextToSpeech), which the offload, "
                    + "the remote engines and the tests replace; only the codecs of speech.audio are the web's to use");

    @ArchTest
    static final ArchRule eventPayloadsAreProtocolRecords = classes().that()
            .implement(dev.vtubermiku.protocol.event.EventPayload.class)
            .should().beRecords().andShould().resideInAnyPackage("dev.vtubermiku.protocol..")
            .because("an event's data is part of the wire contract: one record per type in protocol, which the GUI decodes "
                    + "and docs/EVENTS.md is generated from");

    @ArchTest
    static final ArchRule theVoiceLoopKeepsTimeOnItsVoiceClock = noClasses().that().resideInAPackage("dev.vtubermiku.core.voice..")
            .and().haveNameNotMatching("dev\\.vtubermiku\\.core\\.voice\\.VoiceClock(\\$.*)?")
            .should().callMethod(java.time.Clock.class, "instant")
            .orShould().callMethod(java.time.Clock.class, "millis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(java.util.concurrent.locks.Condition.class, "awaitNanos", long.class)
            .because("frame pacing, the echo gate and turn latency read one clock and wait on it, the VoiceClock, so "
                    + "that they are tested in virtual time (VoiceSessionTest) without sleeping");

    // On air (issue 11): the VTube Studio and OBS links.
    @ArchTest
    static final ArchRule theSpeakingPathNeverCallsTheOnAirLinks = noClasses()
            .that().resideInAnyPackage("dev.vtubermiku.core..", "dev.vtubermiku.server.speech..", "dev.vtubermiku.server.chat..")
            .should().dependOnClassesThat().resideInAPackage("dev.vtubermiku.server.onair..")
            .because("the links hear her speech through their own bounded bus subscription, so a closed or stuck "
                    + "VTube Studio or OBS can never hold up a chat or voice turn");

    @ArchTest
    static final ArchRule theOnAirLinksUseTheJdkWebSocketClient = noClasses().that().resideInAPackage("dev.vtubermiku.server.onair..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "org.java_websocket..")
            .because("java.net.http.WebSocket is enough for two JSON protocols; the usual Java clients bring Jetty 9, "
                    + "which breaks next to Javalin's Jetty 11");

    // One word, one meaning (issue 15): /ws carries events and her voice, each handled in one place.
    @ArchTest
    static final ArchRule theEventSocketLeavesTheVoiceToTheLiveVoiceSocket = noClasses().that()
            .haveNameMatching("dev\\.vtubermiku\\.server\\.web\\.EventSocket(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.core.voice..", "dev.vtubermiku.server.speech..")
            .because("/ws is two things on one connection: the event fan-out (EventSocket) and the live voice socket "
                    + "(LiveVoiceSocket: voice sessions, microphone frames in, her voice out to listeners); a newcomer finds "
                    + "each in one hop, and a change to one cannot break the other");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = slices().matching("dev.vtubermiku.(*).(*)..").should().beFreeOfCycles()
            .because("cycles make modules impossible to understand or replace one at a time");
}
