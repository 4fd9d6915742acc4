package dev.tailor.cli;

import dev.tailor.hardware.compare.HardwareConfig;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.DataflowEstimate;
import dev.tailor.hardware.dataflow.DataflowModel;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.hardware.dataflow.StreamGraph;
import dev.tailor.hardware.dataflow.StreamSimulator;
import dev.tailor.hardware.pearray.PeArrayConfig;
import dev.tailor.hardware.pearray.PeArrayModel;
import dev.tailor.hardware.plans.ParetoFront;
import dev.tailor.hardware.plans.PlanSpace;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.SkipMode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** {@code tailor bench --suite hardware}: how fast the cost models, the plan space and the stream simulation run. */
final class HardwareBench {
    private HardwareBench() {
    }

    static void run(PrintWriter out) {
        NetSpec r50 = ModelZoo.build("resnet50");
        DataflowModel df = new DataflowModel(DataflowConfig.reference());
        PeArrayModel pe = new PeArrayModel(PeArrayConfig.reference());
        double both = BenchCommand.median(20, 5, () -> BenchCommand.time(() -> {
            df.estimate(r50);
            pe.estimate(r50);
        }));
        out.printf(Locale.ROOT, "hardware resnet50 dataflow+pe-array ms=%.1f (median of 20 after 5 warm-up)%n", both);
        out.printf(Locale.ROOT, "hardware sweep 1000 configs (resnet20, random per-block policy, precision, RF, FIFO mode, HLS; both models) s=%.2f%n",
                sweep(ModelZoo.build("resnet20")) / 1e9);
        for (String model : List.of("resnet8", "resnet20")) {
            PlanSpace space = new PlanSpace(ModelZoo.build(model), HardwareConfig.reference());
            double ms = BenchCommand.median(3, 1, () -> BenchCommand.time(() -> ParetoFront.of(space.evaluateAll())));
            out.printf(Locale.ROOT, "hardware plans all %s (3^%d plans, both models, Pareto front) s=%.2f (median of 3 after 1 warm-up)%n",
                    model, space.blocks(), ms / 1e3);
        }
        NetSpec r8 = ModelZoo.build("resnet8");
        DataflowEstimate e = df.estimate(r8);
        StreamGraph sg = StreamGraph.of(r8.graph());
        double sim = BenchCommand.median(3, 1, () -> BenchCommand.time(() -> StreamSimulator.run(sg, e, 3, Long.MAX_VALUE)));
        out.printf(Locale.ROOT, "hardware stream simulation resnet8 (RF 576, 3 frames) s=%.2f (median of 3 after 1 warm-up)%n", sim / 1e3);
    }

    /** 1,000 random configurations of ResNet-20 through both models; returns nanoseconds. */
    private static long sweep(NetSpec r20) {
        Random rng = new Random(1);
        int[] reuse = {16, 64, 144, 288, 576, 1152};
        int[] bits = {4, 6, 8, 12, 16};
        long t0 = System.nanoTime();
        long checksum = 0;
        for (int i = 0; i < 1000; i++) {
            List<SkipMode> modes = new ArrayList<>();
            for (int k = 0; k < r20.skipCount(); k++) {
                modes.add(SkipMode.values()[rng.nextInt(3)]);
            }
            int b = bits[rng.nextInt(bits.length)];
            DataflowConfig c = DataflowConfig.builder().precision(new Precision(b, b, 2 * b)).reuseFactor(reuse[rng.nextInt(reuse.length)])
                    .fifoMode(DataflowConfig.FifoMode.values()[rng.nextInt(2)])
                    .flavour(DataflowConfig.HlsFlavour.values()[rng.nextInt(2)]).build();
            NetSpec s = r20.withSkips(modes);
            checksum += new DataflowModel(c).estimate(s).total().bram18();
            checksum += new PeArrayModel(PeArrayConfig.reference()).estimate(s).cycles() & 1;
        }
        long ns = System.nanoTime() - t0;
        return checksum >= 0 ? ns : -ns;
    }
}
