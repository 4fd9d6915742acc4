package dev.tailor.net;

import dev.tailor.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The engine-free description of a residual network: the single source of truth that the trainable
 * model, the hardware estimators and the reports all read. Immutable; the {@code with...} methods
 * return modified copies.
 */
public final class NetSpec {
    private final String model;
    private final Shape input;
    private final int classes;
    private final StemSpec stem;
    private final Topology topology;
    private final List<BlockSpec> blocks;

    public NetSpec(String model, Shape input, int classes, StemSpec stem, Topology topology, List<BlockSpec> blocks) {
        if (classes < 2) {
            throw new InvalidInputException("a classifier needs at least 2 classes, got " + classes);
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a residual network needs at least one block");
        }
        this.model = Objects.requireNonNull(model);
        this.input = Objects.requireNonNull(input);
        this.classes = classes;
        this.stem = Objects.requireNonNull(stem);
        this.topology = Objects.requireNonNull(topology);
        this.blocks = List.copyOf(blocks);
    }

    public String model() {
        return model;
    }

    public Shape input() {
        return input;
    }

    public int classes() {
        return classes;
    }

    public StemSpec stem() {
        return stem;
    }

    public Topology topology() {
        return topology;
    }

    public List<BlockSpec> blocks() {
        return blocks;
    }

    /** The number of skips (one per block), numbered from the input side. */
    public int skipCount() {
        return blocks.size();
    }

    public List<SkipMode> skips() {
        List<SkipMode> s = new ArrayList<>();
        for (BlockSpec b : blocks) {
            s.add(b.skip());
        }
        return Collections.unmodifiableList(s);
    }

    /** Counts blocks whose skip is still the original long one. */
    public int count(SkipMode mode) {
        return (int) blocks.stream().filter(b -> b.skip() == mode).count();
    }

    public NetSpec withSkip(int skip, SkipMode mode) {
        if (skip < 0 || skip >= blocks.size()) {
            throw new IllegalArgumentException("skip index " + skip + " out of range 0.." + (blocks.size() - 1) + " for " + model);
        }
        List<BlockSpec> b = new ArrayList<>(blocks);
        b.set(skip, b.get(skip).withSkip(mode));
        return new NetSpec(model, input, classes, stem, topology, b);
    }

    public NetSpec withSkips(List<SkipMode> modes) {
        if (modes.size() != blocks.size()) {
            throw new IllegalArgumentException(model + " has " + blocks.size() + " skips but " + modes.size() + " skip modes were given");
        }
        List<BlockSpec> b = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            b.add(blocks.get(i).withSkip(modes.get(i)));
        }
        return new NetSpec(model, input, classes, stem, topology, b);
    }

    public NetSpec withAllSkips(SkipMode mode) {
        return withSkips(Collections.nCopies(blocks.size(), mode));
    }

    public NetSpec withTopology(Topology t) {
        return new NetSpec(model, input, classes, stem, t, blocks);
    }

    /** Lowers this description to the flat layer list that cost models read. */
    public LayerGraph graph() {
        return LayerGraph.of(this);
    }

    /** A compact human label: "resnet8 standard [long,long,none]". */
    public String describe() {
        StringBuilder sb = new StringBuilder(model).append(' ').append(topology.label()).append(" [");
        for (int i = 0; i < blocks.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(blocks.get(i).skip().label());
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetSpec n && model.equals(n.model) && input.equals(n.input) && classes == n.classes
                && stem.equals(n.stem) && topology == n.topology && blocks.equals(n.blocks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, input, classes, stem, topology, blocks);
    }

    @Override
    public String toString() {
        return describe();
    }
}
