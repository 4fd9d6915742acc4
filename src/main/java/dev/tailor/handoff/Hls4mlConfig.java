package dev.tailor.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tailor.fixedpoint.LayerPrecisions;
import dev.tailor.fixedpoint.LayerTypes;
import dev.tailor.fixedpoint.PrecisionPlan;
import dev.tailor.fixedpoint.Role;
import dev.tailor.hardware.dataflow.DataflowConfig;
import dev.tailor.hardware.dataflow.Precision;
import dev.tailor.net.Layer;
import dev.tailor.net.Op;
import dev.tailor.net.Tensor;
import dev.tailor.net.deploy.DeployedNetwork;
import dev.tailor.onnx.OnnxNames;

import java.util.Map;

/**
 * {@code hls4ml_config.yml} in hls4ml's own layout (what {@code hls4ml.converters.convert_from_config}
 * reads): project, backend, part, clock, {@code io_stream}, and {@code HLSConfig} with the model-wide
 * precision, reuse factor and strategy plus one entry per layer (and the dense layer's bias Add),
 * keyed by its ONNX node name. Every value comes from the {@link HlsTarget} that the estimate is computed for.
 */
final class Hls4mlConfig {
    /** The folder hls4ml writes its project into. */
    static final String OUTPUT_DIR = "hls4ml_prj";

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    private Hls4mlConfig() {
    }

    /** hls4ml ignores keys it does not know; run_hls4ml.py reads this one and sets every stream's depth (--fifo fixed). */
    static final String FIXED_FIFO_DEPTH = "TailorFifoDepth";

    /**
     * @param exported  the network as written to model.onnx (its conv and dense layers get entries)
     * @param folded    the same network with BN folded, whose weights set each layer's weight precision
     *                  (hls4ml folds BN into the convs too)
     * @param estimate  the estimate of this design: the reuse factor it used per layer and the part it is fitted on
     * @param types     with a precision plan, every layer's types (resolved on the simulation's graph); else null
     */
    static String yaml(DeployedNetwork exported, DeployedNetwork folded, HlsTarget t, DataflowAdapter.Estimate estimate,
                       LayerPrecisions types, String header) {
        DataflowConfig cfg = t.dataflow();
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("OnnxModel", Exporter.HLS_MODEL);
        root.put("OutputDir", OUTPUT_DIR);
        root.put("ProjectName", exported.graph().spec().model());
        root.put("Backend", cfg.flavour() == DataflowConfig.HlsFlavour.VITIS ? "Vitis" : "Vivado");
        root.put("Part", DataflowAdapter.hlsPart(estimate.part()));
        root.put("ClockPeriod", Math.round(1e6 / cfg.clockMHz()) / 1000.0);
        root.put("IOType", "io_stream");
        if (cfg.fifoMode() == DataflowConfig.FifoMode.FIXED) {
            root.put(FIXED_FIFO_DEPTH, cfg.fifoDepth());
        }
        ObjectNode hls = root.putObject("HLSConfig");
        ObjectNode model = hls.putObject("Model");
        model.put("Precision", types == null ? result(t, cfg.precision())
                : t.plan().setting(PrecisionPlan.DEFAULT, Role.RESULT).type().toString());
        model.put("ReuseFactor", cfg.reuseFactor());
        model.put("Strategy", cfg.strategy() == DataflowConfig.Strategy.LATENCY ? "Latency" : "Resource");
        ObjectNode layers = hls.putObject("LayerName");
        if (types != null) {
            planned(layers, exported, types, t, estimate.reuseByLayer());
        } else {
            derived(layers, exported, folded, t, estimate.reuseByLayer());
        }
        if (cfg.fifoMode() == DataflowConfig.FifoMode.HLS4ML) {
            hls.putArray("Flows").add(cfg.flavour() + ":fifo_depth_optimization");
        }
        try {
            return header + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One entry per conv and dense layer: its widths (the per-layer ones where the configuration has
     * them), weight integer bits from its largest folded weight; a layer whose widths differ from the
     * model's also gets its result type, and so does any other layer with widths of its own.
     */
    /**
     * A layer the estimate has no stage for (a projection fused into its conv) gets the reuse factor
     * the model costs it at, which hls4ml accepts, not the model-wide one, which may not divide its weights.
     */
    private static int validReuse(DataflowConfig cfg, Layer l) {
        long inputs = (long) l.kernel() * l.kernel() * l.in().channels();
        return cfg.validReuseFor(l.name(), l.op() == Op.DENSE ? l.in().channels() : inputs, l.out().channels());
    }

    private static void derived(ObjectNode layers, DeployedNetwork exported, DeployedNetwork folded, HlsTarget t, Map<String, Integer> reuse) {
        DataflowConfig cfg = t.dataflow();
        for (Layer l : exported.graph().layers()) {
            Precision p = cfg.precisionFor(l.name());
            boolean own = !p.equals(cfg.precision());
            if (l.isConv() || l.op() == Op.DENSE) {
                ObjectNode entry = layers.putObject(OnnxNames.node(l.name()));
                String w = l.name() + ".weight";
                // A short projection that folding merges into conv3 keeps its own (unfolded) weights.
                int weightInteger = integerBits((folded.weights().has(w) ? folded : exported).weights().get(w), p.weightBits());
                int activationInteger = t.integerBits(p);
                int accumInteger = Math.max(activationInteger,
                        p.accumulatorBits() - (p.weightBits() - weightInteger) - (p.activationBits() - activationInteger));
                ObjectNode precision = entry.putObject("Precision");
                precision.put("weight", fixed(p.weightBits(), weightInteger));
                precision.put("bias", fixed(p.accumulatorBits(), accumInteger));
                precision.put("accum", fixed(p.accumulatorBits(), accumInteger));
                if (l.op() == Op.DENSE) {
                    precision.put("result", fixed(p.accumulatorBits(), accumInteger)); // exact until the bias layer, as above
                } else if (own) {
                    precision.put("result", result(t, p));
                }
                entry.put("ReuseFactor", reuse.getOrDefault(l.name(), validReuse(cfg, l)));
                if (l.op() == Op.DENSE) {
                    // hls4ml turns the bias Add after the MatMul into a layer of its own, configured by the Add's name.
                    layers.putObject(OnnxNames.denseBias(l.name())).putObject("Precision")
                            .put("bias", fixed(p.accumulatorBits(), accumInteger)).put("result", result(t, p));
                }
            } else if (own && l.op() != Op.BN) {
                layers.putObject(l.inputs().isEmpty() ? OnnxNames.HLS_INPUT : OnnxNames.node(l.name())).putObject("Precision")
                        .put("result", result(t, p));
            }
        }
    }

    /** The activations' type at {@code p}'s width. */
    private static String result(HlsTarget t, Precision p) {
        return fixed(p.activationBits(), t.integerBits(p));
    }

    /**
     * One entry per layer of the exported graph with the plan's types, as the simulation uses them
     * (docs/fixed-point.md): conv and dense weight, bias, accum and result; average pool accum and
     * result; input, ReLU, Add and max-pool result. A BatchNorm node (export with --keep-bn) has
     * no types of its own: hls4ml folds it into the conv, whose result type is the folded one.
     */
    private static void planned(ObjectNode layers, DeployedNetwork exported, LayerPrecisions types, HlsTarget t, Map<String, Integer> reuse) {
        for (Layer l : exported.graph().layers()) {
            LayerTypes lt = types.all().get(l.name());
            if (lt == null) {
                continue;
            }
            ObjectNode entry = layers.putObject(l.inputs().isEmpty() ? OnnxNames.HLS_INPUT : OnnxNames.node(l.name()));
            ObjectNode precision = entry.putObject("Precision");
            if (lt.weight() != null) {
                precision.put("weight", lt.weight().toString());
                precision.put("bias", lt.bias().toString());
            }
            if (lt.accum() != null) {
                precision.put("accum", lt.accum().toString());
            }
            // hls4ml adds a dense layer's bias in a layer of its own after the MatMul: the MatMul keeps its exact sum
            // (the accumulator type) so that the one rounding and saturation happen after the bias, as the simulation has it.
            precision.put("result", (l.op() == Op.DENSE ? lt.accum() : lt.result()).toString());
            if (l.isConv() || l.op() == Op.DENSE) {
                entry.put("ReuseFactor", reuse.getOrDefault(l.name(), validReuse(t.dataflow(), l)));
            }
            if (l.op() == Op.DENSE) {
                layers.putObject(OnnxNames.denseBias(l.name())).putObject("Precision")
                        .put("bias", lt.bias().toString()).put("result", lt.result().toString());
            }
        }
    }

    static String fixed(int width, int integer) {
        return "ap_fixed<" + width + "," + integer + ">";
    }

    /** Integer bits (sign included) that hold the largest |weight|, at least 1 and at most the width. */
    static int integerBits(Tensor weights, int width) {
        double max = 0;
        for (float v : weights.values()) {
            max = Math.max(max, Math.abs(v));
        }
        int bits = max == 0 ? 1 : (int) Math.floor(Math.log(max) / Math.log(2)) + 2;
        return Math.max(1, Math.min(width, bits));
    }
}
