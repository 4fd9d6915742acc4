package dev.tailor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.net.ModelRecipe;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in one file: a JSON header (model recipe with current skip modes, epochs
 * completed, anything the job adds) followed by named float tensors: {@code model/<param>} for
 * every parameter and BN statistic, {@code optim/<param>} for momentum buffers. Tensors are keyed
 * by readable name, so they load into a model of another wiring. Written atomically.
 *
 * <p>Layout: magic "TAILORCK", int version, int header length, header UTF-8, int tensor count, then
 * per tensor: UTF name, int rank, int dims..., float data (big-endian).
 */
public record Checkpoint(ObjectNode header, Map<String, float[]> tensors, Map<String, long[]> shapes) {
    private static final byte[] MAGIC = "TAILORCK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    public static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public static ObjectNode newHeader(NetSpec spec) {
        ObjectNode h = JSON.createObjectNode();
        h.set("recipe", JSON.valueToTree(ModelRecipe.of(spec)));
        return h;
    }

    public NetSpec spec() {
        try {
            return JSON.treeToValue(header.get("recipe"), ModelRecipe.class).toSpec();
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint header has no valid model recipe: " + e.getMessage());
        }
    }

    public int epochsDone() {
        return header.path("epochsDone").asInt(0);
    }

    /** Saves a model (and optionally its optimizer's momentum) with the given header. */
    public static void save(Path file, ObjectNode header, ResNetModel model, NesterovSgd optimizer) {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] h = JSON.writeValueAsBytes(header);
            out.writeInt(h.length);
            out.write(h);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                arrays.put("model/" + e.getKey(), e.getValue().getArray());
            }
            if (optimizer != null) {
                optimizer.state().forEach((k, v) -> arrays.put("optim/" + k, v));
            }
            out.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().getShape().getShape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeInt((int) d);
                }
                float[] data = e.getValue().toFloatArray();
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(data.length * 4);
                bb.asFloatBuffer().put(data);
                out.write(bb.array());
            }
            out.flush();
        });
    }

    public static Checkpoint load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such checkpoint file");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(file + ": not a Tailor checkpoint (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": checkpoint version " + version + " is not supported (expected " + VERSION + ")");
            }
            byte[] h = new byte[in.readInt()];
            in.readFully(h);
            JsonNode header = JSON.readTree(h);
            int n = in.readInt();
            Map<String, float[]> tensors = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                long count = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readInt();
                    count *= shape[d];
                }
                byte[] bytes = new byte[Math.toIntExact(count * 4)];
                in.readFully(bytes);
                float[] data = new float[(int) count];
                java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(data);
                tensors.put(name, data);
                shapes.put(name, shape);
            }
            return new Checkpoint((ObjectNode) header, tensors, shapes);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": checkpoint is truncated");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Copies this checkpoint's parameters into a model, by name; every model parameter must be present. */
    public void loadInto(ResNetModel model) {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            float[] data = tensors.get("model/" + e.getKey());
            if (data == null) {
                throw new IllegalArgumentException("checkpoint has no tensor for parameter " + e.getKey());
            }
            NDArray a = e.getValue().getArray();
            if (a.size() != data.length) {
                throw new IllegalArgumentException("checkpoint tensor " + e.getKey() + " has " + data.length
                        + " values, the model expects " + a.getShape());
            }
            a.set(data);
        }
    }

    /** The model's parameters and BN statistics as engine-free tensors (the {@code model/} entries). */
    public dev.tailor.net.Weights modelWeights() {
        Map<String, dev.tailor.net.Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith("model/")) {
                int[] shape = java.util.Arrays.stream(shapes.get(k)).mapToInt(Math::toIntExact).toArray();
                out.put(k.substring("model/".length()), new dev.tailor.net.Tensor(shape, v));
            }
        });
        return new dev.tailor.net.Weights(out);
    }

    /** Momentum buffers stored with the checkpoint, by parameter name. */
    public Map<String, float[]> optimizerState() {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith("optim/")) {
                out.put(k.substring("optim/".length()), v);
            }
        });
        return out;
    }
}
