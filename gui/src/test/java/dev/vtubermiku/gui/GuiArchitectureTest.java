package dev.vtubermiku.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The GUI's boundaries. The server module's ArchitectureTest cannot see the gui classes (they are
 * not on its class path); here both are, so these rules check the real thing.
 */
@AnalyzeClasses(packages = "dev.vtubermiku", importOptions = ImportOption.DoNotIncludeTests.class)
class GuiArchitectureTest {

    @ArchTest
    static final ArchRule guiTalksOnlyThroughTheProtocol = noClasses().that().resideInAPackage("dev.vtubermiku.gui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vtubermiku.core..", "dev.vtubermiku.server..",
                    "dev.vtubermiku.speech..", "io.javalin..", "org.eclipse.jetty..", "org.jdbi..", "java.sql..",
                    "io.github.givimad..", "ai.onnxruntime..", "dev.langchain4j..", "org.slf4j..", "ch.qos.logback..")
            .because("the GUI is a client like any other: HTTP and /ws only, with the protocol module's DTOs");

    @ArchTest
    static final ArchRule javafxOnlyInTheGui = noClasses().that().resideOutsideOfPackage("dev.vtubermiku.gui..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("the backend must run headless, without a toolkit");

    @ArchTest
    static final ArchRule viewModelsHoldNoScene = noClasses().that().resideInAPackage("dev.vtubermiku.gui.vm..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..",
                    "javafx.animation..", "dev.vtubermiku.gui.view..", "java.awt..")
            .because("ViewModels are unit-tested without a toolkit; only views know controls, stages and the FX thread");

    @ArchTest
    static final ArchRule networkAndAudioKnowNoViews = noClasses().that()
            .resideInAnyPackage("dev.vtubermiku.gui.net..", "dev.vtubermiku.gui.audio..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.vtubermiku.gui.vm..", "dev.vtubermiku.gui.view..")
            .because("the connection and the sound code are reused by the live voice loop, with or without a window");

    @ArchTest
    static final ArchRule socketsAndSoundStayApart = noClasses().that().resideInAPackage("dev.vtubermiku.gui.net..")
            .should().dependOnClassesThat().resideInAPackage("dev.vtubermiku.gui.audio..")
            .because("the voice loop's socket carries bytes and the player plays frames; only its ViewModel joins them, "
                    + "so either can be replaced (a test's fake microphone and sound card) without the other");

    @ArchTest
    static final ArchRule noTerminalOutput = noClasses().that().resideInAPackage("dev.vtubermiku.gui..")
            .should(com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("the GUI reports to its user in the window, not on a terminal nobody watches");
}
