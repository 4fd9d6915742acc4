package dev.tailor.hardware.dataflow;

import dev.tailor.net.Layer;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A short skip fused into its conv (Tailor's design) or built as stock hls4ml builds it, and what each costs (estimates). */
class ShortSkipStructureTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8", new Shape(1, 28, 28), 10, 16);

    private static long count(StreamGraph g, StreamGraph.Kind kind) {
        return StreamSupport.stream(g.nodes().spliterator(), false).filter(n -> n.kind() == kind).count();
    }

    @Test
    void hls4mlKeepsEveryShortAddAsAStageOfItsOwn() {
        NetSpec shortened = R8.withAllSkips(SkipMode.SHORT);
        long adds = shortened.graph().layers().stream().filter(l -> l.op() == Op.ADD).count();
        long convs = shortened.graph().layers().stream().filter(Layer::isConv).count();
        assertThat(adds).as("two short skips a block").isEqualTo(6);
        StreamGraph fused = StreamGraph.of(shortened.graph(), DataflowConfig.ShortSkips.FUSED);
        StreamGraph hls4ml = StreamGraph.of(shortened.graph(), DataflowConfig.ShortSkips.HLS4ML);
        assertThat(count(fused, StreamGraph.Kind.ADD)).isZero();
        assertThat(count(hls4ml, StreamGraph.Kind.ADD)).isEqualTo(adds);
        // Each short skip forks the stream it starts from, so hls4ml needs a Clone per add; projections stay convs of their own.
        assertThat(count(hls4ml, StreamGraph.Kind.CLONE)).isEqualTo(adds);
        assertThat(count(hls4ml, StreamGraph.Kind.CONV)).isEqualTo(convs);
        assertThat(count(fused, StreamGraph.Kind.CONV)).isLessThan(convs);
    }

    @Test
    void theStructureChangesTheCostOfShortSkipsOnly() {
        DataflowModel fused = new DataflowModel(DataflowConfig.reference());
        DataflowModel hls4ml = new DataflowModel(DataflowConfig.builder().shortSkips(DataflowConfig.ShortSkips.HLS4ML).build());
        NetSpec shortened = R8.withAllSkips(SkipMode.SHORT);
        // Whole-map FIFOs: every short skip holds a feature map while its conv works, so stock hls4ml's shortened
        // network needs more block RAM than the long-skip original, and the fused one much less.
        long original = fused.estimate(R8).total().bram18();
        long asHls4ml = hls4ml.estimate(shortened).total().bram18();
        long asFused = fused.estimate(shortened).total().bram18();
        assertThat(asHls4ml).isGreaterThan(original);
        assertThat(asFused).isLessThan(original);
        // No short skip, no difference.
        assertThat(hls4ml.estimate(R8).total()).isEqualTo(fused.estimate(R8).total());
        assertThat(hls4ml.estimate(R8.withAllSkips(SkipMode.NONE)).total()).isEqualTo(fused.estimate(R8.withAllSkips(SkipMode.NONE)).total());
        assertThat(hls4ml.config().describe()).endsWith(", short skips as hls4ml builds them");
    }
}
