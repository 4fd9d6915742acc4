package dev.tailor.report;

import dev.tailor.experiment.Arm;
import dev.tailor.experiment.ArmResult;
import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.method.AlterationTarget;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The line per tailored network that opens the results: accuracy against its own teacher, honest about training, and savings by FIFO sizing. */
class HeadlineTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8");

    @Test
    void saysWhetherTheComparisonIsAtEqualTrainingAndLeadsWithASizingThatFits() {
        ArmResult teacher = new ArmResult(Arm.TEACHER, AlterationTarget.REMOVE, 1, R8, 0.9000, 0.99, 3, 60);
        ArmResult scratch = new ArmResult(Arm.SCRATCH, AlterationTarget.REMOVE, 1, R8.withAllSkips(SkipMode.NONE), 0.8800, 0.99, 3, 60);
        ArmResult tailor = new ArmResult(Arm.TAILOR, AlterationTarget.REMOVE, 1, R8.withAllSkips(SkipMode.NONE), 0.9083, 0.99, 5, 100);
        List<String> lines = Headline.lines(List.of(teacher, scratch, tailor), HardwareConfig.reference());
        assertThat(lines).hasSize(1);
        String l = lines.get(0);
        assertThat(l).startsWith("tailor (remove) — SkipRemover — against teacher: test top-1 90.83 % against 90.00 % (+0.83 pp). Not at equal training: "
                + "it trained 5 epochs after its teacher's 3 (8 in all), so part of a gain may be the extra training; the same wiring "
                + "trained from scratch for 3 epochs reached 88.00 %. A teacher trained on as long (demo --control, experiment --arms "
                + "...,continued) would compare at equal training.");
        // ResNet-8 at whole maps does not fit the xc7z020; hls4ml's sizing does, so it comes first (estimates).
        assertThat(l).contains("against the teacher's network (every skip long), by FIFO sizing: hls4ml's FIFO-depth optimisation: BRAM18 -18.2 %")
                .contains("whole maps (hls4ml's default): BRAM18 -34.4 %, FF -23.7 %, LUT -27.3 % (does not fit xc7z020)")
                .contains("PE array: DRAM traffic");
        assertThat(l.indexOf("hls4ml's FIFO-depth")).isLessThan(l.indexOf("whole maps"));
        // With the control arm, the comparison is at equal training.
        ArmResult continued = new ArmResult(Arm.CONTINUED, AlterationTarget.REMOVE, 1, R8, 0.9050, 0.99, 5, 100);
        assertThat(Headline.lines(List.of(teacher, tailor, continued), HardwareConfig.reference()).get(0))
                .contains("(+0.83 pp). At equal training (8 epochs in all), against its teacher trained on for the same 5 epochs "
                        + "(continued (remove)): 90.50 %, +0.33 pp.").doesNotContain("Not at equal training");
        // A shortened network: its savings are for short skips fused into their convs; stock hls4ml's structure is stated too.
        ArmResult shortTeacher = new ArmResult(Arm.SHORT_TEACHER, AlterationTarget.SHORTEN, 1, R8.withTopology(dev.tailor.net.Topology.SHORT_TEACHER),
                0.9000, 0.99, 3, 60);
        ArmResult shortened = new ArmResult(Arm.TAILOR, AlterationTarget.SHORTEN, 1, R8.withAllSkips(SkipMode.SHORT), 0.9000, 0.99, 5, 100);
        String s = Headline.lines(List.of(teacher, shortTeacher, shortened), HardwareConfig.reference()).get(0);
        assertThat(s).startsWith("tailor (shorten) — SkipShortener — against short-teacher")
                .containsPattern("as stock hls4ml builds them from the export \\(a Clone, a stream and an Add each\\), at hls4ml's "
                        + "FIFO-depth optimisation: BRAM18 [+-]\\d+\\.\\d %, FF \\+\\d+\\.\\d %");
        assertThat(l).doesNotContain("stock hls4ml builds");
        // No teacher, no headline.
        assertThat(Headline.lines(List.of(tailor), HardwareConfig.reference())).isEmpty();
    }
}
