package dev.tailor.handoff;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.InvalidSettingException;
import dev.tailor.files.AtomicFiles;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.files.Json;
import dev.tailor.fixedpoint.LayerPrecisions;
import dev.tailor.net.Layer;
import dev.tailor.net.LayerGraph;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Weights;
import dev.tailor.net.deploy.DeployPass;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.net.deploy.FoldBatchNorm;
import dev.tailor.net.deploy.MergeParallelConvs;
import dev.tailor.net.deploy.MergeRepeatedRelu;
import dev.tailor.onnx.OnnxNames;
import dev.tailor.onnx.OnnxWriter;
import dev.tailor.train.Checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tailor export}: a checkpoint's network as {@code model.onnx} plus an hls4ml project
 * ({@code hls4ml_config.yml}, {@code estimate.json}, {@code run_hls4ml.py}). The network is
 * lowered to a {@link DeployedNetwork}, rewritten by named passes and read by the ONNX writer and
 * the hls4ml configuration alike. Everything is built in memory first, so a user error writes nothing.
 */
public final class Exporter {
    public static final String MODEL = "model.onnx";
    /** The same network channels-last, as hls4ml's ONNX front end reads it (OnnxWriter.Layout.HLS4ML_CHANNELS_LAST). */
    public static final String HLS_MODEL = "model_hls.onnx";
    public static final String CONFIG = "hls4ml_config.yml";
    public static final String ESTIMATE = "estimate.json";
    public static final String SCRIPT = "run_hls4ml.py";

    private Exporter() {
    }

    /** The five files written, and the network they hold. */
    public record Result(Path model, Path hlsModel, Path config, Path estimate, Path script, String network) {
    }

    /** Exports the network a checkpoint holds (its wiring, weights and normalisation) into {@code dir}. */
    public static Result export(Path checkpoint, Path dir, ExportOptions options) {
        return export(Checkpoint.load(checkpoint), checkpoint, dir, options);
    }

    /** Exports the network of a checkpoint already loaded from {@code checkpoint}. */
    public static Result export(Checkpoint ck, Path checkpoint, Path dir, ExportOptions options) {
        NetSpec spec = ck.spec();
        Weights weights = ck.modelWeights();
        requireWeights(spec.graph(), weights, checkpoint);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tailor.source", checkpoint.getFileName().toString());
        metadata.put("tailor.network", spec.describe());
        JsonNode norm = ck.header().get("normalization");
        if (norm != null) {
            metadata.put("tailor.normalization", "input = (pixel - mean) / std per channel, pixels in 0..255: " + norm);
        }
        return export(new DeployedNetwork(spec.graph(), weights), metadata, dir, options);
    }

    /** Exports a network held in memory; {@code metadata} goes into the ONNX file's metadata_props. */
    public static Result export(DeployedNetwork network, Map<String, String> metadata, Path dir, ExportOptions options) {
        NetSpec spec = network.graph().spec();
        // hls4ml builds each exported short skip as layers of its own: the estimate costs that structure.
        HlsTarget asked = options.target();
        HlsTarget target = new HlsTarget(asked.dataflow().toBuilder().shortSkips(DataflowConfig.ShortSkips.HLS4ML).build(), asked.part(),
                asked.integerBits(), asked.plan());
        for (String layer : target.dataflow().layerReuse().keySet()) {
            if (network.graph().layers().stream().noneMatch(l -> l.name().equals(layer))) {
                throw new InvalidSettingException("layer-reuse", "names " + layer + ", a layer that " + spec.describe() + " does not have");
            }
        }
        if (options.opset() < OnnxWriter.MIN_OPSET || options.opset() > OnnxWriter.MAX_OPSET) {
            throw new InvalidSettingException("opset", options.opset() + " is not supported (" + OnnxWriter.MIN_OPSET + " to "
                    + OnnxWriter.MAX_OPSET + ")");
        }
        DeployedNetwork folded = network.apply(foldPasses());
        DeployedNetwork exported = options.foldBatchNorm() ? folded : network.apply(new MergeRepeatedRelu());
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("tailor.batchnorm", options.foldBatchNorm() ? "folded into the convs" : "BatchNormalization nodes");
        ModelProto model = OnnxWriter.write(exported, options.opset(), meta);
        ModelProto hlsModel = OnnxWriter.write(exported, options.opset(), meta, OnnxWriter.Layout.HLS4ML_CHANNELS_LAST);

        Map<String, String> nodes = new LinkedHashMap<>();
        for (Layer l : exported.graph().layers()) {
            nodes.put(l.name(), l.inputs().isEmpty() ? OnnxNames.INPUT : OnnxNames.node(l.name()));
        }
        DataflowAdapter.Estimate estimate = DataflowAdapter.estimate(spec, target, nodes);
        String header = "# hls4ml project for " + spec.describe() + ", written by tailor export.\n"
                + "# run_hls4ml.py converts " + HLS_MODEL + " (" + MODEL + " channels-last, as hls4ml reads it) with this file;\n"
                + "# " + ESTIMATE + " is Tailor's estimate for exactly this configuration.\n";
        String yaml = Hls4mlConfig.yaml(exported, folded, target, estimate, planTypes(network, target), header);
        String estimateJson = json(estimate.json());
        byte[] script = script();

        Result r = new Result(dir.resolve(MODEL), dir.resolve(HLS_MODEL), dir.resolve(CONFIG), dir.resolve(ESTIMATE), dir.resolve(SCRIPT),
                spec.describe());
        AtomicFiles.write(r.model(), model::writeTo);
        AtomicFiles.write(r.hlsModel(), hlsModel::writeTo);
        AtomicFiles.writeString(r.config(), yaml);
        AtomicFiles.writeString(r.estimate(), estimateJson);
        AtomicFiles.write(r.script(), out -> out.write(script));
        return r;
    }

    /**
     * With a precision plan, every layer's types on the graph the fixed-point simulation runs (BN
     * and short projections folded, repeated ReLUs kept); a key naming no layer of it is refused.
     */
    private static LayerPrecisions planTypes(DeployedNetwork network, HlsTarget target) {
        if (target.plan() == null) {
            return null;
        }
        LayerGraph simulated = network.apply(new FoldBatchNorm(), new MergeParallelConvs()).graph();
        target.plan().requireLayers(simulated.layers().stream().map(Layer::name).toList(), network.graph().spec().describe());
        LayerPrecisions types = LayerPrecisions.resolve(target.plan(), simulated);
        // The design merges a ReLU that repeats another; the simulation keeps it, and with another type it changes values.
        MergeRepeatedRelu.repeated(simulated).forEach((relu, source) -> {
            var merged = types.of(relu).result();
            var kept = types.of(source).result();
            if (!merged.equals(kept)) {
                throw new InvalidInputException("the precision file gives " + relu + " " + merged + " but " + source + ", whose output it repeats, "
                        + kept + ": the exported design merges the two ReLUs, so it would not compute what quantize simulates; give "
                        + relu + " the type " + kept);
            }
        });
        return types;
    }

    /** BN into the convs, a shortened bottleneck's last short projection into conv3, repeated ReLUs merged. */
    static DeployPass[] foldPasses() {
        return new DeployPass[]{new FoldBatchNorm(), new MergeParallelConvs(), new MergeRepeatedRelu()};
    }

    /** Every tensor the graph's layers read must be in the checkpoint with the shape the layer implies. */
    static void requireWeights(LayerGraph g, Weights w, Path file) {
        for (Layer l : g.layers()) {
            int out = l.out().channels();
            int in = l.in().channels();
            switch (l.op()) {
                case CONV -> require(w, l.name() + ".weight", file, out, in, l.kernel(), l.kernel());
                case BN -> {
                    for (String s : new String[]{".gamma", ".beta", ".runningMean", ".runningVar"}) {
                        require(w, l.name() + s, file, out);
                    }
                }
                case DENSE -> {
                    require(w, l.name() + ".weight", file, out, in);
                    require(w, l.name() + ".bias", file, out);
                }
                default -> {
                }
            }
        }
    }

    private static void require(Weights w, String name, Path file, int... shape) {
        if (!w.has(name)) {
            throw new InvalidInputException(file + ": checkpoint has no tensor " + name);
        }
        if (!java.util.Arrays.equals(w.get(name).shape(), shape)) {
            throw new InvalidInputException(file + ": tensor " + name + " has shape " + java.util.Arrays.toString(w.get(name).shape())
                    + ", the network needs " + java.util.Arrays.toString(shape));
        }
    }

    private static byte[] script() {
        try (InputStream in = Exporter.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(JsonNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
