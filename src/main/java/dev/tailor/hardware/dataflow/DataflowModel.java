package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * First-order resource and timing model of an hls4ml io_stream design (docs/hardware-models.md,
 * "Dataflow model"). Every figure is an estimate meant to compare skip variants of one network.
 */
public final class DataflowModel {
    private final DataflowConfig cfg;
    /** Minimum safe depths by branch shape: the same block shape recurs across a network and across plans. */
    private final Map<String, long[]> minimumDepths = new ConcurrentHashMap<>();

    public DataflowModel(DataflowConfig cfg) {
        this.cfg = cfg;
    }

    public DataflowConfig config() {
        return cfg;
    }

    public DataflowEstimate estimate(NetSpec spec) {
        return estimate(spec.describe(), StreamGraph.of(spec.graph(), cfg.shortSkips()));
    }

    /** A network whose layer graph already went through the deployment passes. */
    public DataflowEstimate estimate(LayerGraph deployed) {
        return estimate(deployed.spec().describe(), StreamGraph.fromDeployed(deployed, cfg.shortSkips()));
    }

    public DataflowEstimate estimate(String network, StreamGraph sg) {
        StreamWidths widths = new StreamWidths(sg, cfg);
        StageCosts costs = new StageCosts(cfg, sg, widths);
        List<DataflowEstimate.StageCost> stages = new ArrayList<>();
        Resources total = Resources.ZERO;
        long ii = 0;
        for (StreamGraph.Node n : sg.nodes()) {
            DataflowEstimate.StageCost c = costs.of(n);
            stages.add(c);
            total = total.plus(c.resources());
            ii = Math.max(ii, c.intervalCycles());
        }
        Map<String, Long> profiled = cfg.fifoMode() == DataflowConfig.FifoMode.HLS4ML ? Hls4mlFifoDepths.profile(network, sg, cfg) : Map.of();
        FifoDepths depths = new FifoDepths(cfg, sg, minimumDepths, profiled);
        List<DataflowEstimate.FifoCost> fifos = new ArrayList<>();
        for (StreamGraph.Edge e : sg.edges()) {
            if (sg.node(e.from()).kind() == StreamGraph.Kind.INPUT) {
                // The network's input port: the stream arrives from outside the design, no on-chip FIFO.
                continue;
            }
            DataflowEstimate.FifoCost f = fifo(e, depths, widths.out(e.from()));
            fifos.add(f);
            total = total.plus(f.resources());
        }
        return new DataflowEstimate(network, cfg, total, ii, ii + criticalPath(sg, stages), stages, fifos);
    }

    /** Longest sum of stage fill delays from the input to the output (the skip side runs in parallel). */
    private static long criticalPath(StreamGraph sg, List<DataflowEstimate.StageCost> stages) {
        Map<String, Long> arrive = new HashMap<>();
        long worst = 0;
        int i = 0;
        for (StreamGraph.Node n : sg.nodes()) {
            long in = 0;
            for (StreamGraph.Edge e : sg.inputs(n.name())) {
                in = Math.max(in, arrive.get(e.from()));
            }
            long t = in + stages.get(i++).delayCycles();
            arrive.put(n.name(), t);
            worst = Math.max(worst, t);
        }
        return worst;
    }

    private DataflowEstimate.FifoCost fifo(StreamGraph.Edge e, FifoDepths depths, int bits) {
        long depth = depths.configured(e);
        long safe = depths.minimumSafe(e);
        boolean split = cfg.flavour() == DataflowConfig.HlsFlavour.VIVADO;
        int channels = e.shape().channels();
        int count = split ? channels : 1;
        int width = split ? bits : channels * bits;
        return new DataflowEstimate.FifoCost(e.from(), e.to(), depth, safe, width, count, e.skipOfAdd() != null,
                Resources.fifo(width, depth).times(count), Resources.fifo(width, Math.max(depth, safe)).times(count));
    }
}
