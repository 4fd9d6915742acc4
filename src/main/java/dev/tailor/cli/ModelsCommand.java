package dev.tailor.cli;

import dev.tailor.net.LayerGraph;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Lists the model zoo with parameters, MACs and skips. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model zoo: parameters, MACs and skip count at each family's default input (or --input).")
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "CxHxW", description = "Input shape for every model, e.g. 1x28x28.")
    String input;

    @Option(names = "--classes", defaultValue = "0", description = "Number of classes (0: 10 for CIFAR family, 1000 for ImageNet family).")
    int classes;

    @Option(names = "--layers", paramLabel = "NAME", description = "Print the layer list of one model instead.")
    String layers;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (layers != null) {
            LayerGraph g = spec(layers).graph();
            out.printf(Locale.ROOT, "%-28s %-14s %-12s %-12s %12s %14s%n", "layer", "op", "in", "out", "params", "MACs");
            g.layers().forEach(l -> out.printf(Locale.ROOT, "%-28s %-14s %-12s %-12s %,12d %,14d%n", l.name(),
                    l.op(), l.in(), l.out(), l.params(), l.macs()));
            out.printf(Locale.ROOT, "total: %,d parameters, %,d MACs%n", g.totalParams(), g.totalMacs());
            return 0;
        }
        out.printf(Locale.ROOT, "%-10s %-11s %6s %14s %16s%n", "model", "input", "skips", "parameters", "MACs");
        for (String name : ModelZoo.NAMES) {
            NetSpec s = spec(name);
            LayerGraph g = s.graph();
            out.printf(Locale.ROOT, "%-10s %-11s %6d %,14d %,16d%n", name, s.input(), s.skipCount(), g.totalParams(), g.totalMacs());
        }
        return 0;
    }

    private NetSpec spec(String name) {
        NetSpec d = ModelZoo.build(name);
        Shape in = input == null ? d.input() : Shape.parse(input);
        return ModelZoo.build(name, in, classes == 0 ? d.classes() : classes, 0);
    }
}
