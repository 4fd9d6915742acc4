package dev.tailor.rtl;

import dev.tailor.errors.InvalidInputException;
import dev.tailor.fixedpoint.FixedType;
import dev.tailor.fixedpoint.Overflow;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.QuantizedNetwork;
import dev.tailor.fixedpoint.Rounding;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.StreamGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The design's structure follows the model, and what the generator cannot build is refused before a file exists. */
class RtlDesignTest {
    private static final PrecisionPlan PLAN = TinyDesigns.narrow(Rounding.TRN, Overflow.WRAP);

    @Test
    void stagesAndStreamsAreTheModelsAndMultipliersFollowTheReuseFactor() {
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), PLAN, 1);
        RtlDesign d = RtlDesign.of(q, TinyDesigns.dataflow(DataflowConfig.FifoMode.OPTIMIZED));
        long modelStages = 0;
        for (StreamGraph.Node n : d.streamGraph().nodes()) {
            modelStages += n.kind() == StreamGraph.Kind.INPUT ? 0 : 1;
        }
        assertThat(d.stages()).hasSize((int) modelStages);
        assertThat(d.fifos()).hasSize(d.estimate().fifos().size());
        d.fifos().forEach(s -> assertThat(d.estimate().fifos()).anySatisfy(f -> {
            assertThat(f.from() + " -> " + f.to()).isEqualTo(s.name());
            assertThat(f.depth()).isEqualTo(s.depth());
        }));
        // stem: 3x3x1 inputs x 4 outputs = 36 weights, reuse min(576, 36) = 36: one multiplier, 4 outputs one after another.
        RtlDesign.Stage stem = d.stages().stream().filter(s -> s.name().equals("stem.conv")).findFirst().orElseThrow();
        assertThat(stem.macs()).isEqualTo(new MacGeometry(9, 4, 36, 1, 4, 1));
        RtlDesign.Stage dense = d.last();
        assertThat(dense.kind()).isEqualTo(StreamGraph.Kind.DENSE);
        // 16 features x 10 classes = 160 weights: reuse 160, one lane computing all 10 classes.
        assertThat(dense.macs().multipliers()).isEqualTo(1);
        // A smaller reuse factor that divides the 9 products of an output: 3 products a cycle per output channel.
        RtlDesign fast = RtlDesign.of(q, DataflowConfig.builder().fifoMode(DataflowConfig.FifoMode.OPTIMIZED).layerReuse(Map.of("stem.conv", 3)).build());
        RtlDesign.Stage s = fast.stages().stream().filter(x -> x.name().equals("stem.conv")).findFirst().orElseThrow();
        assertThat(s.macs()).isEqualTo(new MacGeometry(9, 4, 3, 4, 1, 3));
        assertThat(s.macs().multipliers()).isEqualTo(12);
    }

    /** A stream the model charges as block RAM asks synthesis for block RAM; a shift-register one leaves the choice to it. */
    @Test
    void fifoMemoriesAreBoundAsTheModelChargesThem() {
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), PLAN, 1);
        RtlDesign d = RtlDesign.of(q, TinyDesigns.dataflow(DataflowConfig.FifoMode.DEFAULT));
        long block = 0;
        for (RtlDesign.Stream s : d.fifos()) {
            boolean bram = s.bits() * s.depth() > 1024;
            block += bram ? 1 : 0;
            assertThat(FifoModule.text(s).contains("(* ram_style = \"block\" *) reg [WIDTH-1:0] mem")).as(s.name()).isEqualTo(bram);
        }
        assertThat(block).isPositive().isLessThan(d.fifos().size());
    }

    @Test
    void shortSkipsFuseIntoTheirConvsWithTheReluBeforeTheAdd() {
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.SHORT.spec(), PLAN, 1);
        RtlDesign d = RtlDesign.of(q, TinyDesigns.dataflow(DataflowConfig.FifoMode.OPTIMIZED));
        assertThat(d.stages()).noneMatch(s -> s.kind() == StreamGraph.Kind.ADD);
        RtlDesign.Stage conv1 = d.stages().stream().filter(s -> s.name().equals("stage2.block1.conv1")).findFirst().orElseThrow();
        assertThat(conv1.fused()).isNotNull();
        assertThat(conv1.fused().projection().name()).isEqualTo("stage2.block1.proj.conv");
        assertThat(conv1.fused().relus()).extracting(l -> l.name()).containsExactly("stage2.block1.relu1");
        assertThat(d.stageNames()).doesNotContain("stage2.block1.relu1");
        assertThat(d.fifos()).noneMatch(RtlDesign.Stream::skip);
    }

    @Test
    void aReuseFactorThatWouldSplitAnOutputsSumSnapsToOneHls4mlAccepts() {
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), PLAN, 1);
        // 36 weights, 9 products per output: 4 divides 36 but neither divides 9 nor is a multiple of it, and hls4ml refuses it.
        // The largest factor below it that hls4ml accepts is 3: three products a cycle for each of the 4 outputs.
        RtlDesign d = RtlDesign.of(q, DataflowConfig.builder().layerReuse(Map.of("stem.conv", 4)).build());
        RtlDesign.Stage stem = d.stages().stream().filter(s -> s.name().equals("stem.conv")).findFirst().orElseThrow();
        assertThat(stem.macs()).isEqualTo(new MacGeometry(9, 4, 3, 4, 1, 3));
        assertThat(d.estimate().stages().stream().filter(s -> s.name().equals("stem.conv")).findFirst().orElseThrow().reuseFactor()).isEqualTo(3);
    }

    @Test
    void maxPoolingIsRefusedByName() {
        NetSpec imagenet = ModelZoo.build("resnet18", new Shape(3, 32, 32), 10, 4);
        QuantizedNetwork q = TinyDesigns.network(imagenet, PLAN, 1);
        assertThatThrownBy(() -> RtlDesign.of(q, DataflowConfig.reference())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("max pooling").hasMessageContaining("stem");
    }

    @Test
    void aMergedReluWithAnotherTypeIsRefused() {
        QuantizedNetwork plain = TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), PLAN, 1);
        String repeated = dev.tailor.net.deploy.MergeRepeatedRelu.repeated(plain.network().graph()).keySet().iterator().next();
        PrecisionPlan other = PLAN.overriddenBy(PrecisionPlan.of(Map.of(repeated + ".result", new PrecisionPlan.Setting(FixedType.of(7, 3)))));
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.LONG.spec(), other, 1);
        assertThatThrownBy(() -> RtlDesign.of(q, DataflowConfig.reference())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(repeated).hasMessageContaining("merges the two ReLUs");
    }

    @Test
    void aFolderWithOtherFilesIsNotOverwrittenAndADesignFolderIsReplaced(@TempDir Path dir) throws Exception {
        QuantizedNetwork q = TinyDesigns.network(TinyDesigns.Wiring.NONE.spec(), PLAN, 1);
        RtlDesign d = RtlDesign.of(q, DataflowConfig.reference());
        Path other = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(other.resolve("notes.txt"), "keep");
        assertThatThrownBy(() -> RtlWriter.write(d, other)).isInstanceOf(InvalidInputException.class).hasMessageContaining("other files");
        assertThat(Files.readString(other.resolve("notes.txt"))).isEqualTo("keep");
        Path out = dir.resolve("design");
        RtlWriter.write(d, out);
        Files.writeString(out.resolve("stale.hex"), "0\n");
        RtlWriter.write(d, out);
        assertThat(out.resolve("stale.hex")).doesNotExist();
        assertThat(out.resolve(RtlWriter.VERILOG)).exists();
        assertThat(Files.readString(out.resolve(RtlWriter.VERILOG))).contains("module tailor_top").contains("$readmemh");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mine", "design");
        }
    }
}
