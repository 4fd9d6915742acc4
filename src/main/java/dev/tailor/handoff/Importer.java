package dev.tailor.handoff;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.Normalization;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.InvalidSettingException;
import dev.tailor.errors.Messages;
import dev.tailor.files.Json;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Tensor;
import dev.tailor.nn.ResNetModel;
import dev.tailor.nn.TensorWrites;
import dev.tailor.onnx.OnnxResNetReader;
import dev.tailor.train.Checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code tailor import}: an ONNX ResNet (as PyTorch exports them) as a Tailor checkpoint that
 * {@code alter}, {@code evaluate}, {@code estimate} and {@code export} accept. BN is kept (a BN that
 * the exporter folded into its conv becomes the identity plus the conv's bias); the user's input
 * normalisation is stored with it. The checkpoint is written only once the whole graph is placed.
 */
public final class Importer {
    private Importer() {
    }

    /** Reads {@code onnx}, writes {@code checkpoint}; returns the network found. */
    public static NetSpec importOnnx(Path onnx, Path checkpoint, ImportOptions options) {
        if (Files.isDirectory(onnx)) {
            throw new InvalidInputException(onnx + ": is a folder, not an ONNX file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(onnx + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(onnx + ": unreadable: " + Messages.firstLine(e.getMessage()));
        }
        OnnxResNetReader.Imported imported = OnnxResNetReader.read(onnx.toString(), bytes, options.topologies());
        NetSpec spec = imported.spec();
        Normalization norm = normalization(spec.input().channels(), options);
        ObjectNode header = Checkpoint.newHeader(spec);
        header.set("normalization", Json.MAPPER.valueToTree(norm));
        header.put("importedFrom", onnx.getFileName().toString());
        try (NDManager m = NDManager.newBaseManager(); ResNetModel model = ResNetModel.create(spec, m, 0)) {
            Map<String, Parameter> params = model.namedParameters();
            imported.weights().asMap().forEach((name, t) -> set(params, name, t));
            Checkpoint.save(checkpoint, header, model, null);
        }
        return spec;
    }

    private static void set(Map<String, Parameter> params, String name, Tensor t) {
        Parameter p = params.get(name);
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        if (p == null || !Arrays.equals(p.getArray().getShape().getShape(), shape)) {
            throw new IllegalStateException("the imported tensor " + name + " " + Arrays.toString(shape) + " has no parameter of that shape");
        }
        TensorWrites.assign(p.getArray(), t.values());
    }

    /** Stored in pixel units (0..255), as training computes it. */
    static Normalization normalization(int channels, ImportOptions o) {
        return new Normalization(perChannel("mean", o.mean(), channels, 255), perChannel("std", o.std(), channels, 255));
    }

    private static double[] perChannel(String setting, double[] v, int channels, double scale) {
        if (v.length != 1 && v.length != channels) {
            throw new InvalidSettingException(setting, "has " + v.length + " values; the network's input has " + channels + " channels");
        }
        double[] out = new double[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = v[v.length == 1 ? 0 : c] * scale;
        }
        return out;
    }
}
