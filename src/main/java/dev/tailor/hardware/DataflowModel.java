package dev.tailor.hardware;

import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * First-order resource and timing model of an hls4ml io_stream design (hardware-models.md,
 * section 1). Every figure is an estimate meant to compare skip variants of one network.
 */
public final class DataflowModel {
    /** Pipeline registers every stage adds to the latency. */
    private static final int STAGE_DEPTH = 2;
    /** Straight edges in optimised mode: hls4ml's FIFO optimisation leaves them one or two deep. */
    private static final int STRAIGHT_DEPTH = 2;

    private final DataflowConfig cfg;

    public DataflowModel(DataflowConfig cfg) {
        this.cfg = cfg;
    }

    public DataflowConfig config() {
        return cfg;
    }

    public DataflowEstimate estimate(NetSpec spec) {
        StreamGraph sg = StreamGraph.of(spec.graph());
        List<DataflowEstimate.StageCost> stages = new ArrayList<>();
        Map<String, Long> delay = new HashMap<>();
        long ii = 0;
        for (StreamGraph.Node n : sg.nodes()) {
            DataflowEstimate.StageCost c = stage(n, sg);
            stages.add(c);
            delay.put(n.name(), c.delayCycles());
            ii = Math.max(ii, c.intervalCycles());
        }
        List<DataflowEstimate.FifoCost> fifos = new ArrayList<>();
        for (StreamGraph.Edge e : sg.edges()) {
            fifos.add(fifo(e, sg.layers()));
        }
        Resources total = Resources.ZERO;
        for (DataflowEstimate.StageCost s : stages) {
            total = total.plus(s.resources());
        }
        for (DataflowEstimate.FifoCost f : fifos) {
            total = total.plus(f.resources());
        }
        return new DataflowEstimate(spec.describe(), cfg, total, ii, ii + criticalPath(sg, delay), stages, fifos);
    }

    /** Longest sum of stage fill delays from the input to the output (the skip side runs in parallel). */
    private static long criticalPath(StreamGraph sg, Map<String, Long> delay) {
        Map<String, Long> arrive = new HashMap<>();
        long worst = 0;
        for (StreamGraph.Node n : sg.nodes()) {
            long in = 0;
            for (StreamGraph.Edge e : sg.edges()) {
                if (e.to().equals(n.name())) {
                    in = Math.max(in, arrive.getOrDefault(e.from(), 0L));
                }
            }
            long t = in + delay.get(n.name());
            arrive.put(n.name(), t);
            worst = Math.max(worst, t);
        }
        return worst;
    }

    /** Pixels a KxK 'same' conv must read before it emits its first output: (K-1)/2 rows of W' plus (K-1)/2 + 1. */
    static long lagPixels(int kernel, int paddedWidth) {
        int half = (kernel - 1) / 2;
        return (long) half * paddedWidth + half + 1;
    }

    DataflowEstimate.FifoCost fifo(StreamGraph.Edge e, LayerGraph g) {
        Shape s = e.shape();
        long depth;
        if (cfg.fifoMode() == DataflowConfig.FifoMode.DEFAULT) {
            depth = s.pixels();
        } else if (e.skipOfAdd() != null) {
            // The skip side must hold what the source produces before the long branch emits its first pixel.
            long lag = 1;
            for (Layer l : g.longBranch(e.skipOfAdd())) {
                if (l.isConv()) {
                    lag += lagPixels(l.kernel(), l.in().width() + 2 * l.padding());
                }
            }
            depth = Math.min(lag, s.pixels());
        } else {
            depth = Math.min(STRAIGHT_DEPTH, s.pixels());
        }
        int b = cfg.activationBits();
        boolean split = cfg.flavour() == DataflowConfig.HlsFlavour.VIVADO;
        int count = split ? s.channels() : 1;
        int width = split ? b : s.channels() * b;
        Resources one = Resources.memory(width, depth);
        Resources all = new Resources(one.bram18() * count, one.ff() * count, one.lut() * count, 0);
        return new DataflowEstimate.FifoCost(e.from(), e.to(), depth, width, count, e.skipOfAdd() != null, all);
    }

    DataflowEstimate.StageCost stage(StreamGraph.Node n, StreamGraph sg) {
        int ab = cfg.activationBits();
        int acc = cfg.accumulatorBits();
        Shape in = n.in();
        Shape out = n.out();
        return switch (n.kind()) {
            case INPUT -> new DataflowEstimate.StageCost(n.name(), n.kind(), Resources.ZERO, in.pixels(), 0, 1, 0);
            case PAD -> new DataflowEstimate.StageCost(n.name(), n.kind(),
                    new Resources(0, (long) in.channels() * ab, (long) in.channels() * ab, 0), out.pixels(), STAGE_DEPTH, 1, 0);
            case RELU -> elementwise(n, (long) in.channels() * ab, (long) in.channels() * ab);
            case ADD -> elementwise(n, (long) in.channels() * ab, (long) in.channels() * ab);
            case CLONE -> elementwise(n, (long) sg.fanOut(n.name()) * in.channels() * ab, 0);
            case AVGPOOL -> elementwise(n, (long) in.channels() * acc, (long) in.channels() * acc);
            case MAXPOOL -> {
                Layer l = n.layer();
                int wp = in.width() + 2 * l.padding();
                long lb = (long) (l.kernel() - 1) * in.channels() * ab * Bram18.ceil(wp, 32);
                long window = (long) l.kernel() * l.kernel() * in.channels() * ab;
                long pixels = (long) (in.height() + 2 * l.padding()) * wp;
                yield new DataflowEstimate.StageCost(n.name(), n.kind(), new Resources(0, window, lb + window, 0), pixels,
                        lagPixels(l.kernel(), wp) + STAGE_DEPTH, 1, 0);
            }
            case CONV -> conv(n, sg);
            case DENSE -> {
                long nIn = in.channels();
                long nOut = out.channels();
                int rf = validReuse(nIn * nOut, cfg.reuseFor(n.name()));
                Resources r = multiply(nIn * nOut, rf, nOut);
                yield new DataflowEstimate.StageCost(n.name(), n.kind(), r, rf, rf + STAGE_DEPTH, rf, Bram18.ceil(nIn * nOut, rf));
            }
        };
    }

    private DataflowEstimate.StageCost elementwise(StreamGraph.Node n, long ff, long lut) {
        return new DataflowEstimate.StageCost(n.name(), n.kind(), new Resources(0, ff, lut, 0), n.in().pixels(), STAGE_DEPTH, 1, 0);
    }

    /** A conv with BN folded in: multipliers by reuse factor, weight storage, line buffer and window. */
    private DataflowEstimate.StageCost conv(StreamGraph.Node n, StreamGraph sg) {
        Layer l = n.layer();
        Shape in = l.in();
        int k = l.kernel();
        int ab = cfg.activationBits();
        long weights = (long) k * k * in.channels() * l.out().channels();
        int rf = validReuse(weights, cfg.reuseFor(l.name()));
        Resources r = multiply(weights, rf, l.out().channels());
        int wp = in.width() + 2 * l.padding();
        long pixels = (long) (in.height() + 2 * l.padding()) * wp;
        if (k > 1) {
            // (K-1) rows of the padded width are kept per input channel, as shift registers.
            long lineBuffer = (long) (k - 1) * in.channels() * ab * Bram18.ceil(wp, 32);
            long window = (long) k * k * in.channels() * ab;
            r = r.plus(new Resources(0, window, lineBuffer, 0));
        }
        for (Layer add : sg.fusedSkips(l.name())) {
            r = r.plus(fusedShortSkip(add, sg.layers(), k, wp));
        }
        long interval = pixels * rf;
        long delay = lagPixels(k, wp) * rf + STAGE_DEPTH;
        return new DataflowEstimate.StageCost(l.name(), n.kind(), r, interval, delay, rf, Bram18.ceil(weights, rf));
    }

    /**
     * A short skip fused into the conv it spans: the input pixel is delayed by the conv's lag in a
     * per-channel delay line (a short shift register where a long skip needed a whole-map FIFO),
     * plus the adder, plus a projection's multipliers unless it folds into the conv's weights.
     */
    private Resources fusedShortSkip(Layer add, LayerGraph g, int kernel, int paddedWidth) {
        int ab = cfg.activationBits();
        int c = add.in().channels();
        int srcChannels = g.layer(g.skipSource(add).name()).out().channels();
        boolean split = cfg.flavour() == DataflowConfig.HlsFlavour.VIVADO;
        Resources one = Resources.memory(split ? ab : (long) srcChannels * ab, lagPixels(kernel, paddedWidth));
        int lines = split ? srcChannels : 1;
        Resources r = new Resources(one.bram18() * lines, one.ff() * lines, one.lut() * lines, 0)
                .plus(new Resources(0, (long) c * ab, (long) c * ab, 0));
        for (Layer p : g.skipPath(add)) {
            if (p.isConv() && !ShortSkips.foldsIntoConv(p, g)) {
                long w = (long) p.in().channels() * p.out().channels();
                r = r.plus(multiply(w, validReuse(w, cfg.reuseFor(p.name())), p.out().channels()));
            }
        }
        return r;
    }

    /** Multipliers, accumulators and (resource strategy) the weight ROM of a layer with this many weights. */
    private Resources multiply(long weights, int rf, long outputs) {
        long mults = Bram18.ceil(weights, rf);
        int wb = cfg.weightBits();
        int ab = cfg.activationBits();
        int acc = cfg.accumulatorBits();
        boolean dsp = wb + ab > 10;
        long lut = mults * acc + (dsp ? 0 : mults * (long) wb * ab / 2);
        long ff = mults * acc + outputs * acc;
        Resources r = new Resources(0, ff, lut, dsp ? mults : 0);
        if (cfg.strategy() == DataflowConfig.Strategy.RESOURCE) {
            // One ROM word per reuse cycle, holding the weights all multipliers need in that cycle.
            return r.plus(Resources.memory(mults * wb, rf));
        }
        return r.plus(new Resources(0, 0, weights * wb / 4, 0));
    }

    /** The largest divisor of {@code weights} not above the requested reuse factor. */
    static int validReuse(long weights, int requested) {
        long rf = Math.min(requested, weights);
        while (rf > 1 && weights % rf != 0) {
            rf--;
        }
        return (int) Math.max(1, rf);
    }
}
