package dev.tailor.rtl;

import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.hardware.dataflow.DataflowConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated design, built by Verilator, computes every output integer the fixed-point
 * simulation computes, for all three wirings, with rounding and overflow modes that matter.
 */
class RtlBitExactTest {
    static Stream<Arguments> designs() {
        return Stream.of(
                Arguments.of(TinyDesigns.Wiring.LONG, Rounding.TRN, Overflow.WRAP, DataflowConfig.FifoMode.DEFAULT),
                Arguments.of(TinyDesigns.Wiring.NONE, Rounding.RND, Overflow.SAT, DataflowConfig.FifoMode.OPTIMIZED),
                Arguments.of(TinyDesigns.Wiring.SHORT, Rounding.RND, Overflow.SAT, DataflowConfig.FifoMode.OPTIMIZED),
                Arguments.of(TinyDesigns.Wiring.LONG, Rounding.RND, Overflow.SAT, DataflowConfig.FifoMode.OPTIMIZED),
                Arguments.of(TinyDesigns.Wiring.LONG, Rounding.TRN, Overflow.SAT, DataflowConfig.FifoMode.HLS4ML));
    }

    /** ReLU outputs as ap_ufixed (what a profiled plan may give them), on the wiring with the most of them. */
    @org.junit.jupiter.api.Test
    void unsignedReluOutputsMatchToo(@TempDir Path dir) {
        dev.tailor.net.NetSpec spec = TinyDesigns.Wiring.SHORT.spec();
        java.util.Map<String, PrecisionPlan.Setting> entries = new java.util.LinkedHashMap<>();
        for (dev.tailor.net.Layer l : spec.graph().layers()) {
            if (l.op() == dev.tailor.net.Op.RELU) {
                entries.put(l.name() + ".result", new PrecisionPlan.Setting(new dev.tailor.fixedpoint.FixedType(6, 2, false, Rounding.RND, Overflow.WRAP)));
            }
        }
        PrecisionPlan plan = TinyDesigns.narrow(Rounding.TRN, Overflow.SAT).overriddenBy(PrecisionPlan.of(entries));
        QuantizedNetwork q = TinyDesigns.network(spec, plan, 5);
        RtlDesign d = RtlDesign.of(q, TinyDesigns.dataflow(DataflowConfig.FifoMode.DEFAULT));
        assertThat(d.stages()).anyMatch(s -> !s.outType().signed());
        Path out = dir.resolve("design");
        RtlWriter.write(d, out);
        RtlSimulation.build(out, RtlSimulation.TOOL, 2);
        RtlVerification.Report rep = RtlVerification.verify(d, out, TinyDesigns.images(8, 4), Map.of(), "test");
        assertThat(rep.mismatches()).isEmpty();
        assertThat(rep.bitExact()).isTrue();
    }

    @ParameterizedTest(name = "{0} skips, {1}/{2}, FIFOs {3}")
    @MethodSource("designs")
    void everyOutputIntegerMatchesTheSimulation(TinyDesigns.Wiring wiring, Rounding r, Overflow o, DataflowConfig.FifoMode fifo,
                                                @TempDir Path dir) {
        PrecisionPlan plan = TinyDesigns.narrow(r, o);
        QuantizedNetwork q = TinyDesigns.network(wiring.spec(), plan, 7);
        RtlDesign d = RtlDesign.of(q, TinyDesigns.dataflow(fifo));
        Path out = dir.resolve("design");
        RtlWriter.write(d, out);
        RtlSimulation.build(out, RtlSimulation.TOOL, 2);
        List<float[]> images = TinyDesigns.images(12, 3);
        RtlVerification.Report rep = RtlVerification.verify(d, out, images, Map.of(), "test");
        assertThat(rep.hung()).as("hung: %s", rep.stalled()).isFalse();
        assertThat(rep.mismatches()).isEmpty();
        assertThat(rep.identical()).isEqualTo(images.size());
        // The outputs are not all alike (a design stuck at one value would match nothing, but check the test can tell).
        assertThat(images.stream().map(i -> java.util.Arrays.toString(dev.tailor.fixedpoint.FixedPointSimulator.logits(q, i).raw())).distinct().count())
                .isGreaterThan(1);
        assertThat(rep.rtlInterval()).isPositive();
    }
}
