package dev.tailor;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of the brief: cli -> tailor -> train -> nn -> net; hardware reads net; net and hardware never see DJL;
 * cli -> handoff -> onnx -> net for export and import.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tailor");

    @Test
    void netAndHardwareAreEngineFree() {
        noClasses().that().resideInAnyPackage("dev.tailor.net..", "dev.tailor.hardware..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..").check(CLASSES);
    }

    @Test
    void netDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.tailor.net..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.hardware..", "dev.tailor.nn..", "dev.tailor.data..",
                        "dev.tailor.train..", "dev.tailor.tailor..", "dev.tailor.report..", "dev.tailor.cli..")
                .check(CLASSES);
    }

    @Test
    void errorsAreALeaf() {
        noClasses().that().resideInAPackage("dev.tailor.errors..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.net..", "dev.tailor.hardware..", "dev.tailor.nn..",
                        "dev.tailor.data..", "dev.tailor.train..", "dev.tailor.tailor..", "dev.tailor.report..", "dev.tailor.cli..", "ai.djl..")
                .check(CLASSES);
    }

    @Test
    void hardwareReadsOnlyNet() {
        noClasses().that().resideInAPackage("dev.tailor.hardware..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.nn..", "dev.tailor.data..", "dev.tailor.train..",
                        "dev.tailor.tailor..", "dev.tailor.cli..")
                .check(CLASSES);
    }

    @Test
    void arrowsPointDown() {
        noClasses().that().resideInAnyPackage("dev.tailor.nn..", "dev.tailor.data..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.train..", "dev.tailor.tailor..", "dev.tailor.cli..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.tailor.train..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.tailor..", "dev.tailor.cli..").check(CLASSES);
        noClasses().that().resideInAPackage("dev.tailor.tailor..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.cli..").check(CLASSES);
    }

    @Test
    void onnxIsEngineFreeAndReadsOnlyNet() {
        noClasses().that().resideInAPackage("dev.tailor.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "dev.tailor.hardware..", "dev.tailor.nn..",
                        "dev.tailor.data..", "dev.tailor.train..", "dev.tailor.tailor..", "dev.tailor.report..", "dev.tailor.handoff..",
                        "dev.tailor.cli..")
                .check(CLASSES);
    }

    /** The hand-off reads the hardware models through one adapter, which is re-pointed when they change. */
    @Test
    void handoffReadsHardwareThroughOneAdapter() {
        noClasses().that().resideInAPackage("dev.tailor.handoff..").and().doNotHaveSimpleName("DataflowAdapter")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.hardware..").check(CLASSES);
        noClasses().that().resideInAnyPackage("dev.tailor.net..", "dev.tailor.hardware..", "dev.tailor.nn..", "dev.tailor.data..",
                        "dev.tailor.train..", "dev.tailor.tailor..", "dev.tailor.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.handoff..", "dev.tailor.onnx..").check(CLASSES);
    }
}
