package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import dev.tailor.net.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each stream pass does its one job; the whole chain gives the io_stream graph hls4ml would build. */
class StreamPassesTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8");

    private static List<String> kinds(StreamGraph g, StreamGraph.Kind kind) {
        List<String> names = new ArrayList<>();
        g.nodes().forEach(n -> {
            if (n.kind() == kind) {
                names.add(n.name());
            }
        });
        return names;
    }

    /** Issue 13, item 2: one ReLU after the stem, one stream from it to the Clone that feeds block 1. */
    @Test
    void theStemReluIsOneStageAndOneStream() {
        StreamGraph g = StreamGraph.of(R8.graph());
        // stem, block 2 and 3 entry ReLUs, one after each block's conv1, the final one: 1 + 2 + 3 + 1.
        assertThat(kinds(g, StreamGraph.Kind.RELU)).hasSize(7).doesNotContain("stage1.block1.relu0");
        assertThat(g.inputs("stem.relu.clone")).extracting(StreamGraph.Edge::from).containsExactly("stem.relu");
        assertThat(g.inputs("stage1.block1.conv1.pad")).extracting(StreamGraph.Edge::from).containsExactly("stem.relu.clone");
        // Streams of 16x32x32 maps at whole-map depth (1024 words of 8 bits per channel: 1 BRAM18 each, 16 per
        // stream): stem.conv->relu, relu->clone, clone->conv1.pad, clone->add, conv1->relu1, relu1->conv2.pad,
        // conv2->add, add->stage2 relu0, relu0->clone, clone->conv1.pad, clone->proj: 11 streams, 176 BRAM18.
        DataflowEstimate e = new DataflowModel(DataflowConfig.reference()).estimate(R8);
        long bram = e.fifos().stream().filter(f -> f.count() == 16 && f.depth() == 1024).mapToLong(f -> f.resources().bram18()).sum();
        assertThat(bram).isEqualTo(11 * 16);
    }

    @Test
    void batchNormFoldsIntoItsConv() {
        StreamGraph lowered = StreamGraph.lower(R8.graph());
        assertThat(kinds(lowered, StreamGraph.Kind.BN)).contains("stem.bn");
        new FoldBatchNorm().apply(lowered);
        assertThat(kinds(lowered, StreamGraph.Kind.BN)).isEmpty();
        assertThat(lowered.inputs("stem.relu")).extracting(StreamGraph.Edge::from).containsExactly("stem.conv");
        // The projection's BN goes too; the skip stream keeps its Add.
        StreamGraph.Edge skip = lowered.inputs("stage2.block1.add").get(1);
        assertThat(skip.from()).isEqualTo("stage2.block1.proj.conv");
        assertThat(skip.skipOfAdd().name()).isEqualTo("stage2.block1.add");
    }

    @Test
    void shortSkipsFuseIntoTheConvTheySpan() {
        NetSpec shortened = R8.withTopology(Topology.SHORT_TEACHER).withAllSkips(SkipMode.SHORT);
        StreamGraph g = StreamGraph.of(shortened.graph());
        assertThat(kinds(g, StreamGraph.Kind.ADD)).isEmpty();
        assertThat(kinds(g, StreamGraph.Kind.CLONE)).isEmpty();
        assertThat(g.node("stage2.block1.proj.conv")).isNull();
        assertThat(g.node("stage2.block1.conv1").fusedSkips()).extracting(l -> l.name()).containsExactly("stage2.block1.add1");
        assertThat(g.node("stage2.block1.conv2").fusedSkips()).extracting(l -> l.name()).containsExactly("stage2.block1.add2");
        // The ReLU between a conv and its add moves into the conv's output stage; the next stage reads the conv.
        assertThat(g.node("stage2.block1.relu1")).isNull();
        assertThat(kinds(g, StreamGraph.Kind.RELU)).doesNotContain("stage2.block1.relu1", "stage2.block1.relu2");
        assertThat(g.inputs("stage2.block1.conv2.pad")).extracting(StreamGraph.Edge::from).containsExactly("stage2.block1.conv1");
    }

    @Test
    void paddedWindowsReadAPaddingStageAndForksGetClones() {
        StreamGraph g = StreamGraph.of(R8.graph());
        StreamGraph.Node pad = g.node("stage1.block1.conv1.pad");
        assertThat(pad.kind()).isEqualTo(StreamGraph.Kind.PAD);
        assertThat(pad.out().width()).isEqualTo(34);
        assertThat(g.inputs("stage1.block1.conv1")).extracting(StreamGraph.Edge::from).containsExactly("stage1.block1.conv1.pad");
        assertThat(g.node("stage2.block1.proj.conv.pad")).as("a 1x1 projection has no padding").isNull();
        // Every fork has a Clone and no other stage feeds two streams.
        g.outputs().forEach((from, out) -> assertThat(out.size() == 1 || g.node(from).kind() == StreamGraph.Kind.CLONE)
                .as(from).isTrue());
        assertThat(kinds(g, StreamGraph.Kind.CLONE)).containsExactly("stem.relu.clone", "stage2.block1.relu0.clone",
                "stage3.block1.relu0.clone");
    }

    @Test
    void removingAllSkipsLeavesAChain() {
        StreamGraph g = StreamGraph.of(R8.withAllSkips(SkipMode.NONE).graph());
        assertThat(kinds(g, StreamGraph.Kind.CLONE)).isEmpty();
        assertThat(kinds(g, StreamGraph.Kind.ADD)).isEmpty();
        Resources total = new DataflowModel(DataflowConfig.reference()).estimate(R8.withAllSkips(SkipMode.NONE)).total();
        assertThat(total.bram18()).isPositive();
    }
}
