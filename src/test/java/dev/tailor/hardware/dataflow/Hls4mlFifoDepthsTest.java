package dev.tailor.hardware.dataflow;

import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --fifo hls4ml}: every stream at the highest occupancy of a one-frame run with unbounded
 * FIFOs, plus one, as hls4ml's FIFO-depth optimisation sets it.
 */
class Hls4mlFifoDepthsTest {
    private static final NetSpec R8 = ModelZoo.build("resnet8");

    private static DataflowConfig mode(DataflowConfig.FifoMode m) {
        return DataflowConfig.reference().withFifoMode(m);
    }

    @Test
    void depthsAreTheProfiledOccupancyPlusOne() {
        StreamGraph g = StreamGraph.of(R8.graph());
        DataflowEstimate deep = new DataflowModel(mode(DataflowConfig.FifoMode.DEFAULT)).estimate(R8);
        Map<String, Long> unbounded = new HashMap<>();
        deep.fifos().forEach(f -> unbounded.put(StreamSimulator.name(f), Long.MAX_VALUE / 4));
        StreamSimulator.Result free = StreamSimulator.run(g, deep, unbounded, 1, 10L * (deep.intervalCycles() + deep.latencyCycles()));

        DataflowEstimate e = new DataflowModel(mode(DataflowConfig.FifoMode.HLS4ML)).estimate(R8);
        assertThat(e.fifos()).hasSameSizeAs(deep.fifos());
        for (DataflowEstimate.FifoCost f : e.fifos()) {
            assertThat(f.depth()).as(StreamSimulator.name(f)).isEqualTo(free.maxOccupancy().get(StreamSimulator.name(f)) + 1);
            assertThat(f.depth()).as(StreamSimulator.name(f)).isGreaterThanOrEqualTo(f.minSafeDepth());
        }
        assertThat(e.wouldDeadlock()).isFalse();
        // A ReLU reads each token the cycle after its conv writes it: at most one waits, so two words.
        assertThat(fifo(e, "stem.conv", "stem.relu").depth()).isEqualTo(2);
        // The same frame through FIFOs of those depths finishes exactly when it did unbounded.
        StreamSimulator.Result sized = StreamSimulator.run(g, e, 1, 10L * (e.intervalCycles() + e.latencyCycles()));
        assertThat(sized.frameDone()).isEqualTo(free.frameDone());
    }

    @Test
    void liesBetweenTheMinimumSafeDepthsAndWholeMaps() {
        for (SkipMode m : SkipMode.values()) {
            NetSpec spec = ModelZoo.build("resnet8").withAllSkips(m);
            long hls = new DataflowModel(mode(DataflowConfig.FifoMode.HLS4ML)).estimate(spec).total().bram18();
            long whole = new DataflowModel(mode(DataflowConfig.FifoMode.DEFAULT)).estimate(spec).total().bram18();
            long safe = new DataflowModel(mode(DataflowConfig.FifoMode.OPTIMIZED)).estimate(spec).total().bram18();
            assertThat(hls).as(m.toString()).isLessThan(whole).isGreaterThanOrEqualTo(safe);
        }
    }

    private static DataflowEstimate.FifoCost fifo(DataflowEstimate e, String from, String to) {
        return e.fifos().stream().filter(f -> f.from().equals(from) && f.to().equals(to)).findFirst().orElseThrow();
    }
}
