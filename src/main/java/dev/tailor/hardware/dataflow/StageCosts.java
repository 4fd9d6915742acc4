package dev.tailor.hardware.dataflow;

import dev.tailor.hardware.ShortSkips;
import dev.tailor.hardware.fpga.Bram18;
import dev.tailor.hardware.fpga.Resources;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;

import java.util.List;
import java.util.Map;

/**
 * Resources, interval and fill delay of each pipeline stage (docs/hardware-models.md, "Dataflow
 * model"). Widths come from each layer's precision; a stage reads the width its producer streams.
 */
final class StageCosts {
    /** Pipeline registers every stage adds to the latency. */
    static final int STAGE_DEPTH = 2;

    private final DataflowConfig cfg;
    private final StreamGraph graph;
    private final StreamWidths widths;
    private final ShortSkips skips;
    private final Map<String, List<StreamGraph.Edge>> outputs;

    StageCosts(DataflowConfig cfg, StreamGraph graph, StreamWidths widths) {
        this.cfg = cfg;
        this.graph = graph;
        this.widths = widths;
        this.skips = new ShortSkips(graph.layers());
        this.outputs = graph.outputs();
    }

    /** Pixels a KxK 'same' window must read before it emits its first output: (K-1)/2 rows of W' plus (K-1)/2 + 1. */
    static long lagPixels(int kernel, int paddedWidth) {
        int half = (kernel - 1) / 2;
        return (long) half * paddedWidth + half + 1;
    }

    DataflowEstimate.StageCost of(StreamGraph.Node n) {
        Shape in = n.in();
        int inBits = n.kind() == StreamGraph.Kind.INPUT ? 0 : widths.out(graph.inputs(n.name()).get(0).from());
        int outBits = widths.out(n.name());
        long c = in.channels();
        return switch (n.kind()) {
            case INPUT -> new DataflowEstimate.StageCost(n.name(), n.kind(), Resources.ZERO, in.pixels(), 0, 1, 0);
            case PAD -> new DataflowEstimate.StageCost(n.name(), n.kind(), new Resources(0, c * inBits, c * inBits, 0), n.out().pixels(),
                    STAGE_DEPTH, 1, 0);
            case RELU, ADD -> elementwise(n, c * outBits, c * outBits);
            case CLONE -> elementwise(n, (long) outputs.get(n.name()).size() * c * inBits, 0);
            case AVGPOOL -> {
                long acc = cfg.precisionFor(n.name()).accumulatorBits();
                yield elementwise(n, c * acc, c * acc);
            }
            case MAXPOOL -> maxPool(n, inBits);
            case CONV -> conv(n, inBits);
            case DENSE -> {
                long weights = c * n.out().channels();
                int rf = validReuse(c, n.out().channels(), cfg.reuseFor(n.name()));
                Resources r = multiply(weights, rf, n.out().channels(), cfg.precisionFor(n.name()), inBits);
                yield new DataflowEstimate.StageCost(n.name(), n.kind(), r, rf, rf + STAGE_DEPTH, rf, Bram18.ceil(weights, rf));
            }
            case BN -> throw new IllegalStateException(n.name() + ": BatchNorm should have been folded before costing");
        };
    }

    private DataflowEstimate.StageCost elementwise(StreamGraph.Node n, long ff, long lut) {
        return new DataflowEstimate.StageCost(n.name(), n.kind(), new Resources(0, ff, lut, 0), n.in().pixels(), STAGE_DEPTH, 1, 0);
    }

    private DataflowEstimate.StageCost maxPool(StreamGraph.Node n, int inBits) {
        Layer l = n.layer();
        Shape in = l.in();
        int wp = in.width() + 2 * l.padding();
        long windowBits = (long) l.kernel() * l.kernel() * in.channels() * inBits;
        // The window registers plus about one LUT per window bit of comparators.
        Resources r = window(l.kernel(), in.channels(), wp, inBits).plus(new Resources(0, 0, windowBits, 0));
        long pixels = (long) (in.height() + 2 * l.padding()) * wp;
        return new DataflowEstimate.StageCost(n.name(), n.kind(), r, pixels, lagPixels(l.kernel(), wp) + STAGE_DEPTH, 1, 0);
    }

    /** (K-1) rows of the padded width kept per input channel as shift registers, and the KxK window registers. */
    private static Resources window(int k, long channels, int paddedWidth, int bits) {
        long lineBuffer = (long) (k - 1) * channels * bits * Bram18.ceil(paddedWidth, 32);
        long window = (long) k * k * channels * bits;
        return new Resources(0, window, lineBuffer, 0);
    }

    /** A conv with BN folded in: multipliers by reuse factor, weight storage, line buffer and window. */
    private DataflowEstimate.StageCost conv(StreamGraph.Node n, int inBits) {
        Layer l = n.layer();
        Shape in = l.in();
        int k = l.kernel();
        long weights = (long) k * k * in.channels() * l.out().channels();
        int rf = validReuse((long) k * k * in.channels(), l.out().channels(), cfg.reuseFor(l.name()));
        Resources r = multiply(weights, rf, l.out().channels(), cfg.precisionFor(l.name()), inBits);
        int wp = in.width() + 2 * l.padding();
        long pixels = (long) (in.height() + 2 * l.padding()) * wp;
        if (k > 1) {
            r = r.plus(window(k, in.channels(), wp, inBits));
        }
        for (Layer add : n.fusedSkips()) {
            r = r.plus(fusedShortSkip(add, graph.layers(), inBits, widths.out(n.name())));
        }
        long delay = lagPixels(k, wp) - 1 + rf + STAGE_DEPTH;
        return new DataflowEstimate.StageCost(l.name(), n.kind(), r, convInterval(pixels, l.out().pixels(), rf), delay, rf,
                Bram18.ceil(weights, rf));
    }

    /**
     * Cycles per frame of an io_stream conv: every padded input pixel takes one cycle to shift into
     * the line buffer, and the pixel that completes an output window takes the reuse factor instead
     * (its shift overlaps the first of the RF cycles of that output's product). A stride-S conv
     * completes a window at about one pixel in S², so it is charged RF that much less often.
     */
    static long convInterval(long paddedPixels, long outputPixels, int rf) {
        return paddedPixels - outputPixels + outputPixels * rf;
    }

    /**
     * A short skip fused into the conv it spans: the conv's window already holds the input pixel at
     * the output position (its centre), so the skip needs no storage of its own, only the adder
     * (C·b_out LUT and FF), C·b_out LUT for each ReLU between the conv and the add that moved into
     * the output stage, and a projection's multipliers unless it folds into the conv's weights.
     */
    private Resources fusedShortSkip(Layer add, LayerGraph g, int inBits, int outBits) {
        int c = add.in().channels();
        long relus = g.longBranch(add).stream().filter(l -> l.op() == Op.RELU).count();
        Resources r = new Resources(0, (long) c * outBits, (1 + relus) * c * outBits, 0);
        for (Layer p : g.skipPath(add)) {
            if (p.isConv() && !skips.foldsIntoConv(p)) {
                long w = (long) p.in().channels() * p.out().channels();
                int rf = validReuse(p.in().channels(), p.out().channels(), cfg.reuseFor(p.name()));
                r = r.plus(multiply(w, rf, p.out().channels(), cfg.precisionFor(p.name()), inBits));
            }
        }
        return r;
    }

    /**
     * Multipliers, accumulators, the multiplexer that feeds them their inputs and (resource strategy)
     * the weight ROM of a layer with this many weights.
     */
    private Resources multiply(long weights, int rf, long outputs, Precision p, int inBits) {
        long mults = Bram18.ceil(weights, rf);
        int wb = p.weightBits();
        int acc = p.accumulatorBits();
        boolean dsp = wb + inBits > 10;
        long lut = mults * acc + (dsp ? 0 : mults * (long) wb * inBits / 2) + inputSelect(weights / outputs, rf, inBits);
        long ff = mults * acc + outputs * acc;
        Resources r = new Resources(0, ff, lut, dsp ? mults : 0);
        if (cfg.strategy() == DataflowConfig.Strategy.RESOURCE) {
            // One ROM word per reuse cycle, holding the weights all multipliers need in that cycle.
            return r.plus(Resources.memory(mults * wb, rf));
        }
        return r.plus(new Resources(0, 0, weights * wb / 4, 0));
    }

    /**
     * LUTs of the multiplexer that gives the multipliers a new input every cycle. Every output's sum
     * walks the same inputs in the same order, so one multiplexer serves all multipliers: with RF at
     * least the inputs per output, one RF-cycle walk of those inputs; below that, inputs/RF products
     * a cycle, each from RF inputs. About one LUT per three inputs per bit (a LUT6 is a 4:1
     * multiplexer; the tree's select logic adds the rest), fitted to the convs of ResNet-8 in Yosys
     * (BENCHMARKS, "Synthesis"). Fully parallel (RF 1) needs none.
     */
    static long inputSelect(long inputs, int rf, int inBits) {
        if (rf <= 1 || inputs <= 1) {
            return 0;
        }
        long select = Math.min(inputs, rf);
        return Bram18.ceil(inputs, select) * inBits * Bram18.ceil(select, 3);
    }

    /**
     * The reuse factor a layer of {@code inputs} products per output and {@code outputs} outputs
     * gets: the largest one not above the requested that hls4ml accepts (it must divide the weights,
     * and either divide the inputs of an output or be a multiple of them, so that no output's sum is
     * split across multipliers). The RTL generator builds exactly these.
     */
    static int validReuse(long inputs, long outputs, int requested) {
        for (long rf = Math.min(requested, inputs * outputs); rf > 1; rf--) {
            if (hls4mlAccepts(inputs, outputs, rf)) {
                return (int) rf;
            }
        }
        return 1;
    }

    /** hls4ml's check of a reuse factor (its FPGA backend's reuse-factor validation). */
    static boolean hls4mlAccepts(long inputs, long outputs, long rf) {
        long multipliers = Bram18.ceil(inputs * outputs, Math.min(inputs, rf));
        return (multipliers % outputs == 0 || rf >= inputs) && (rf % inputs == 0 || rf < inputs) && (inputs * outputs) % rf == 0;
    }
}
