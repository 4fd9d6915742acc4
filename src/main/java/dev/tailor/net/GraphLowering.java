package dev.tailor.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a {@link NetSpec} to layers, one block at a time, exactly as docs/method.md defines the block
 * variants. Layer names equal the trainable model's parameter prefixes
 * ({@code stage2.block1.conv1}), so a cost figure can always be traced to a weight.
 */
final class GraphLowering {
    private final NetSpec spec;
    private final List<Layer> out = new ArrayList<>();

    GraphLowering(NetSpec spec) {
        this.spec = spec;
    }

    List<Layer> lower() {
        Layer x = add(new Layer("input", Op.INPUT, List.of(), spec.input(), spec.input(), Layer.Geometry.NONE, 0, 0, Layer.Place.OUTSIDE_BLOCKS));
        StemSpec stem = spec.stem();
        x = conv("stem.conv", x, stem.channels(), stem.kernel(), stem.stride(), Layer.Place.OUTSIDE_BLOCKS);
        x = bn("stem.bn", x, Layer.Place.OUTSIDE_BLOCKS);
        x = relu("stem.relu", x, "");
        if (stem.maxPool()) {
            Shape s = x.out();
            x = add(new Layer("stem.pool", Op.MAXPOOL, List.of(x.name()), s,
                    new Shape(s.channels(), outDim(s.height(), 3, 2, 1), outDim(s.width(), 3, 2, 1)), new Layer.Geometry(3, 2, 1), 0, 0,
                    Layer.Place.OUTSIDE_BLOCKS));
        }
        for (BlockSpec b : spec.blocks()) {
            x = block(b, x);
        }
        x = relu("relu", x, "");
        x = add(new Layer("pool", Op.GLOBAL_AVGPOOL, List.of(x.name()), x.out(), new Shape(x.out().channels(), 1, 1),
                Layer.Geometry.NONE, 0, 0, Layer.Place.OUTSIDE_BLOCKS));
        int features = x.out().channels();
        add(new Layer("fc", Op.DENSE, List.of(x.name()), x.out(), new Shape(spec.classes(), 1, 1), Layer.Geometry.NONE,
                (long) features * spec.classes() + spec.classes(), (long) features * spec.classes(), Layer.Place.OUTSIDE_BLOCKS));
        return out;
    }

    private Layer block(BlockSpec b, Layer x) {
        String p = b.name();
        Layer a = BlockWiring.entryRelu(b, spec.topology()) ? relu(p + ".relu0", x, p) : x;
        int n = b.convCount();
        Layer h = a;
        Layer branchInput = a;
        for (int i = 1; i <= n; i++) {
            BlockSpec.ConvShape c = b.conv(i);
            h = conv(p + ".conv" + i, h, c.out(), c.kernel(), c.stride(), Layer.Place.onMainPath(p));
            h = bn(p + ".bn" + i, h, Layer.Place.onMainPath(p));
            if (BlockWiring.reluAfterConv(b, spec.topology(), i)) {
                h = relu(p + ".relu" + i, h, p);
            }
            if (b.skip() == SkipMode.SHORT) {
                Layer skip = shortSkip(b, i, branchInput, h.out());
                h = sum(p + ".add" + i, h, skip, p);
                branchInput = h;
            }
        }
        if (b.skip() == SkipMode.LONG) {
            Layer skip = b.needsProjection() ? projection(p + ".proj", a, b.outChannels(), b.stride(), p) : a;
            h = sum(p + ".add", h, skip, p);
        }
        return h;
    }

    /**
     * The skip around conv i of a shortened block. BASIC blocks reuse the long skip's projection
     * for the first conv and an identity for the second (no new parameters); bottlenecks get a new
     * projection {@code shortI} wherever conv i changes shape.
     */
    private Layer shortSkip(BlockSpec b, int i, Layer from, Shape target) {
        String p = b.name();
        if (!b.shortSkipNeedsProjection(i)) {
            return from;
        }
        String name = b.kind() == BlockKind.BASIC ? p + ".proj" : p + ".short" + i;
        return projection(name, from, target.channels(), b.conv(i).stride(), p);
    }

    private Layer projection(String name, Layer from, int channels, int stride, String block) {
        Layer.Place onSkip = new Layer.Place(block, true);
        Layer c = conv(name + ".conv", from, channels, 1, stride, onSkip);
        return bn(name + ".bn", c, onSkip);
    }

    private Layer conv(String name, Layer x, int channels, int k, int stride, Layer.Place place) {
        Shape s = x.out();
        int pad = k / 2;
        Shape o = new Shape(channels, outDim(s.height(), k, stride, pad), outDim(s.width(), k, stride, pad));
        long params = (long) k * k * s.channels() * channels;
        return add(new Layer(name, Op.CONV, List.of(x.name()), s, o, new Layer.Geometry(k, stride, pad), params, params * o.pixels(), place));
    }

    private Layer bn(String name, Layer x, Layer.Place place) {
        return add(new Layer(name, Op.BN, List.of(x.name()), x.out(), x.out(), Layer.Geometry.NONE, 2L * x.out().channels(), 0, place));
    }

    private Layer relu(String name, Layer x, String block) {
        return add(new Layer(name, Op.RELU, List.of(x.name()), x.out(), x.out(), Layer.Geometry.NONE, 0, 0, Layer.Place.onMainPath(block)));
    }

    private Layer sum(String name, Layer main, Layer skip, String block) {
        if (!main.out().equals(skip.out())) {
            throw new IllegalStateException(name + ": branch " + main.out() + " and skip " + skip.out() + " differ");
        }
        return add(new Layer(name, Op.ADD, List.of(main.name(), skip.name()), main.out(), main.out(), Layer.Geometry.NONE, 0, 0,
                Layer.Place.onMainPath(block)));
    }

    private Layer add(Layer l) {
        out.add(l);
        return l;
    }

    static int outDim(int in, int k, int stride, int pad) {
        return (in + 2 * pad - k) / stride + 1;
    }
}
