package dev.tailor;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.fpga.FpgaPart;
import dev.tailor.hardware.fpga.PartChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the README: cli -> experiment -> method -> train -> nn -> net, and nn -> kernels (the checked
 * convolution implementations, engine level); hardware reads
 * net; fixedpoint (ap_fixed arithmetic) reads net, and nn and above read it; export and import:
 * cli -> handoff -> onnx -> net; rtl (the generated Verilog) reads net, fixedpoint and hardware; files (the JSON mapper, atomic writes, output-path checks) and errors sit below
 * the layers that write files, files on errors. Every package may use only the packages listed for it, and the engine-free ones never see DJL.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tailor");

    /** Package -> the packages of ours it may depend on (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("errors", Set.of());
        ALLOWED.put("stats", Set.of());
        ALLOWED.put("files", Set.of("errors"));
        ALLOWED.put("executor", Set.of("files", "errors"));
        ALLOWED.put("net", Set.of("errors"));
        ALLOWED.put("hardware", Set.of("net", "errors"));
        ALLOWED.put("fixedpoint", Set.of("net", "errors"));
        ALLOWED.put("data", Set.of("net", "files", "errors"));
        ALLOWED.put("kernels", Set.of("files", "errors"));
        ALLOWED.put("nn", Set.of("kernels", "fixedpoint", "net", "errors"));
        ALLOWED.put("train", Set.of("kernels", "nn", "data", "fixedpoint", "net", "files", "errors"));
        ALLOWED.put("method", Set.of("kernels", "train", "nn", "data", "fixedpoint", "net", "files", "errors"));
        ALLOWED.put("experiment", Set.of("stats", "method", "train", "kernels", "nn", "data", "fixedpoint", "net", "hardware", "files", "errors"));
        ALLOWED.put("report", Set.of("experiment", "stats", "method", "train", "data", "fixedpoint", "net", "hardware", "synth", "files", "errors"));
        ALLOWED.put("onnx", Set.of("net", "errors"));
        ALLOWED.put("rtl", Set.of("hardware", "fixedpoint", "net", "files", "errors"));
        ALLOWED.put("synth", Set.of("hardware", "files", "errors"));
        ALLOWED.put("handoff", Set.of("onnx", "train", "kernels", "nn", "data", "fixedpoint", "net", "hardware", "files", "errors"));
        ALLOWED.put("cli", Set.copyOf(List.of("report", "experiment", "stats", "executor", "method", "train", "kernels", "nn", "data", "fixedpoint", "net", "hardware", "onnx", "handoff",
                "rtl", "synth", "files", "errors")));
    }

    private static final List<String> ENGINE_FREE = List.of("errors", "stats", "files", "executor", "net", "hardware", "fixedpoint", "data", "report", "onnx", "rtl", "synth");

    static List<String> packages() {
        return List.copyOf(ALLOWED.keySet());
    }

    @ParameterizedTest(name = "{0} uses only what it may")
    @MethodSource("packages")
    void dependsOnlyOnAllowedPackages(String pkg) {
        String[] forbidden = ALLOWED.keySet().stream().filter(p -> !p.equals(pkg) && !ALLOWED.get(pkg).contains(p))
                .map(p -> "dev.tailor." + p + "..").toArray(String[]::new);
        if (forbidden.length > 0) {
            noClasses().that().resideInAPackage("dev.tailor." + pkg + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(forbidden).check(CLASSES);
        }
    }

    @Test
    void engineFreePackagesNeverSeeDjl() {
        noClasses().that().resideInAnyPackage(ENGINE_FREE.stream().map(p -> "dev.tailor." + p + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..").check(CLASSES);
    }

    /**
     * Export describes its design with the hardware's own configuration records (the one
     * {@code DataflowConfig} that estimate.json is computed for), and reaches the models themselves
     * through one adapter only.
     */
    @Test
    void handoffReadsHardwareThroughOneAdapter() {
        noClasses().that().resideInAPackage("dev.tailor.handoff..").and().doNotHaveSimpleName("DataflowAdapter")
                .should().dependOnClassesThat(resideInAnyPackage("dev.tailor.hardware..")
                        .and(not(belongToAnyOf(DataflowConfig.class, Precision.class, PartChoice.class, FpgaPart.class))))
                .check(CLASSES);
    }

    /** A new package must be given its place in the layering above. */
    @Test
    void everyPackageHasAPlace() {
        Set<String> top = new java.util.TreeSet<>();
        CLASSES.forEach(c -> top.add(c.getPackageName().replaceFirst("^dev\\.tailor\\.?", "").split("\\.")[0]));
        assertThat(ALLOWED.keySet()).containsAll(top);
    }
}
