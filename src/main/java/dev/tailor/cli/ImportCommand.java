package dev.tailor.cli;

import dev.tailor.errors.InvalidInputException;

import dev.tailor.files.OutputTargets;
import dev.tailor.handoff.ImportOptions;
import dev.tailor.handoff.Importer;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Reads an ONNX ResNet into a checkpoint. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read a ResNet exported to ONNX and write it as a Tailor checkpoint.",
                "Recognises the stem, blocks, projections and classifier of a zoo network",
                "(CIFAR-style resnet6n+2, resnet18/34/50) as torch.onnx.export writes it: BN",
                "folded into the convs or not, repeated ReLUs, ReLU after the add. Input: NCHW",
                "float. The checkpoint works with alter --teacher, evaluate, estimate, export.",
                "Normalisation: Tailor feeds the network (pixel/255 - mean) / std per channel,",
                "torchvision's ToTensor + Normalize(mean, std). The file cannot say what yours",
                "was: pass the --mean and --std your training used.",
                "Example: tailor import --onnx resnet20.onnx --out runs/imported",
                "           --mean 0.4914,0.4822,0.4465 --std 0.2470,0.2435,0.2616"})
public final class ImportCommand implements Callable<Integer> {
    /** Which topologies to try. */
    enum TopologyChoice {
        AUTO("auto"), STANDARD("standard"), SHORT_TEACHER("short-teacher");

        private final String label;

        TopologyChoice(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file.")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for the imported checkpoint, written as DIR/" + ImportCommand.CHECKPOINT + " (created if missing).")
    Path out;

    /** The checkpoint's name in --out, so that DIR/model.ckpt is what alter --teacher, estimate and export are given. */
    static final String CHECKPOINT = "model.ckpt";

    @Option(names = "--topology", defaultValue = "auto",
            description = "${COMPLETION-CANDIDATES}: standard (ReLU after the add, or at the next block's entry), short-teacher (ReLU before the add), auto tries both. Default: ${DEFAULT-VALUE}.")
    TopologyChoice topology;

    @Option(names = "--mean", required = true, split = ",", paramLabel = "M",
            description = "Per-channel mean on the 0..1 pixel scale (one value, or one per channel).")
    double[] mean;

    @Option(names = "--std", required = true, split = ",", paramLabel = "S",
            description = "Per-channel standard deviation on the 0..1 pixel scale (one value, or one per channel).")
    double[] std;

    @Option(names = "--force", description = "Replace an existing DIR/" + CHECKPOINT + " (without it, an existing one is refused).")
    boolean force;

    @Override
    public Integer call() {
        if (out.getFileName() != null && out.getFileName().toString().endsWith(".ckpt")) {
            throw new InvalidInputException("--out " + out + ": --out names a folder, as in every command; the checkpoint is written "
                    + "into it as " + CHECKPOINT + " (e.g. --out " + stripCkpt(out) + ")");
        }
        OutputTargets.folder(out, "--out");
        Path checkpoint = out.resolve(CHECKPOINT);
        if (!force && java.nio.file.Files.exists(checkpoint)) {
            throw new InvalidInputException(checkpoint + ": already exists; give another --out, or --force to replace it");
        }
        ImportOptions options = ImportOptions.anyTopology(mean, std);
        if (topology != TopologyChoice.AUTO) {
            options = options.withTopology(topology == TopologyChoice.STANDARD ? Topology.STANDARD : Topology.SHORT_TEACHER);
        }
        NetSpec net = Importer.importOnnx(onnx, checkpoint, options);
        spec.commandLine().getOut().printf("imported %s (input %s, %d classes, width %d) from %s -> %s%n", net.describe(), net.input(),
                net.classes(), net.stem().channels(), onnx, checkpoint);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Path stripCkpt(Path p) {
        String name = p.getFileName().toString();
        return p.resolveSibling(name.substring(0, name.length() - ".ckpt".length()));
    }
}
