package dev.tailor.hardware;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The hardware models neither render nor parse flags, and their packages form no cycle. */
class HardwareLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tailor");

    @Test
    void hardwareKnowsNothingOfReportsOrTheCommandLine() {
        noClasses().that().resideInAPackage("dev.tailor.hardware..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.report..", "dev.tailor.cli..", "picocli..",
                        "com.fasterxml..")
                .check(CLASSES);
    }

    @Test
    void hardwarePackagesHaveNoCycles() {
        slices().matching("dev.tailor.hardware.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
