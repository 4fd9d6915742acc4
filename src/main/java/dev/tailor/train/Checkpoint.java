package dev.tailor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.data.Normalization;
import dev.tailor.errors.InvalidInputException;
import dev.tailor.errors.Messages;
import dev.tailor.files.AtomicFiles;
import dev.tailor.files.Json;
import dev.tailor.net.ModelRecipe;
import dev.tailor.net.NetSpec;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;
import dev.tailor.nn.ResNetModel;
import dev.tailor.nn.TensorWrites;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A training checkpoint in one file: a JSON header (model recipe with current skip modes, epochs
 * completed, anything the job adds) followed by named float tensors: {@code model/<param>} for
 * every parameter and BN statistic, {@code optim/<param>} for momentum buffers. Tensors are keyed
 * by readable name, so they load into a model of another wiring. Written atomically; every part
 * carries a CRC32, so a damaged file is refused on reading, never used.
 *
 * <p>Layout (big-endian): magic "TAILORCK", int version 2, int header length, header UTF-8, long
 * CRC32 of the header, int tensor count, then per tensor: UTF name, int rank, int dims..., float
 * data, long CRC32 of name, dims and data.
 */
public record Checkpoint(Path file, ObjectNode header, Map<String, float[]> tensors, Map<String, long[]> shapes) {
    private static final byte[] MAGIC = "TAILORCK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    private static final int MAX_RANK = 8;
    private static final int MAX_HEADER = 1 << 24;
    public static ObjectNode newHeader(NetSpec spec) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.set("recipe", Json.MAPPER.valueToTree(ModelRecipe.of(spec)));
        return h;
    }

    /** The network this checkpoint holds, wiring included. */
    public NetSpec spec() {
        try {
            return Json.MAPPER.treeToValue(header.get("recipe"), ModelRecipe.class).toSpec();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": checkpoint header has no valid model recipe: " + Messages.firstLine(e.getMessage()));
        }
    }

    /** Header key of the precision plan a quantisation-aware run trained with (docs/fixed-point.md, "QAT"). */
    public static final String QAT_PLAN = "qatPlan";

    /** The precision plan of a quantisation-aware run, if this checkpoint comes from one. */
    public java.util.Optional<dev.tailor.fixedpoint.PrecisionPlan> qatPlan(Path file) {
        JsonNode p = header.get(QAT_PLAN);
        return p == null ? java.util.Optional.empty()
                : java.util.Optional.of(dev.tailor.fixedpoint.PrecisionPlan.parse(p.asText(), file + " (header " + QAT_PLAN + ")"));
    }

    public int epochsDone() {
        return header.path("epochsDone").asInt(0);
    }

    /** The input normalisation the network was trained with. */
    public Normalization normalization() {
        JsonNode n = header.get("normalization");
        try {
            if (n == null) {
                throw new IOException("missing");
            }
            return Json.MAPPER.treeToValue(n, Normalization.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": checkpoint has no normalisation statistics");
        }
    }

    /** Saves a model (and optionally its optimizer's momentum) with the given header. */
    public static void save(Path file, ObjectNode header, ResNetModel model, NesterovSgd optimizer) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            arrays.put("model/" + e.getKey(), e.getValue().getArray());
        }
        if (optimizer != null) {
            optimizer.state().forEach((k, v) -> arrays.put("optim/" + k, v));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        arrays.forEach((k, v) -> tensors.put(k, new Tensor(Arrays.stream(v.getShape().getShape()).mapToInt(Math::toIntExact).toArray(),
                v.toFloatArray())));
        ObjectNode full = header;
        if (model.fakeQuantizer().isPresent()) {
            full = header.deepCopy().put(QAT_PLAN, model.fakeQuantizer().get().plan().format());
        }
        save(file, full, tensors);
    }

    /** Saves engine-free weights (an imported network) under {@code model/} names. */
    public static void save(Path file, ObjectNode header, Weights weights) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        weights.asMap().forEach((k, v) -> tensors.put("model/" + k, v));
        save(file, header, tensors);
    }

    private static void save(Path file, ObjectNode header, Map<String, Tensor> tensors) {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] h = Json.MAPPER.writeValueAsBytes(header);
            out.writeInt(h.length);
            out.write(h);
            out.writeLong(crc(h));
            out.writeInt(tensors.size());
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                CRC32 crc = new CRC32();
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeUTF(e.getKey());
                crc.update(name);
                int[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                ByteBuffer dims = ByteBuffer.allocate(4 * shape.length);
                for (int d : shape) {
                    dims.putInt(d);
                }
                out.write(dims.array());
                crc.update(dims.array());
                float[] data = e.getValue().values();
                ByteBuffer bb = ByteBuffer.allocate(data.length * 4);
                bb.asFloatBuffer().put(data);
                out.write(bb.array());
                crc.update(bb.array());
                out.writeLong(crc.getValue());
            }
            out.flush();
        });
    }

    /**
     * Reads and verifies a checkpoint. Anything wrong with the file — not a checkpoint, an old
     * version, truncated, a checksum that does not match, impossible sizes — is refused with one
     * line naming the file.
     */
    public static Checkpoint load(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a folder; give a checkpoint file in it (best.ckpt or last.ckpt)");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such checkpoint file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt(file, "not a Tailor checkpoint (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw corrupt(file, "checkpoint format version " + version + " is not supported (this Tailor reads version " + VERSION + ")");
            }
            int headerLength = in.readInt();
            if (headerLength < 2 || headerLength > Math.min(MAX_HEADER, size)) {
                throw corrupt(file, "damaged header (length " + headerLength + ")");
            }
            byte[] h = new byte[headerLength];
            in.readFully(h);
            if (in.readLong() != crc(h)) {
                throw corrupt(file, "damaged header (checksum mismatch)");
            }
            JsonNode header = Json.MAPPER.readTree(h);
            if (!(header instanceof ObjectNode)) {
                throw corrupt(file, "damaged header (not a JSON object)");
            }
            int n = in.readInt();
            if (n < 0 || n > size / 8) {
                throw corrupt(file, "damaged tensor count " + n);
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                readTensor(file, in, size, tensors, shapes);
            }
            if (in.read() != -1) {
                throw corrupt(file, "unexpected bytes after the last tensor");
            }
            return new Checkpoint(file, (ObjectNode) header, tensors, shapes);
        } catch (EOFException e) {
            throw corrupt(file, "truncated");
        } catch (java.io.UTFDataFormatException e) {
            throw corrupt(file, "damaged tensor name");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw corrupt(file, "damaged header (not JSON)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void readTensor(Path file, DataInputStream in, long size, Map<String, float[]> tensors, Map<String, long[]> shapes)
            throws IOException {
        CRC32 crc = new CRC32();
        String name = in.readUTF();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw corrupt(file, "tensor " + name + " has an impossible rank " + rank);
        }
        byte[] dims = in.readNBytes(4 * rank);
        if (dims.length != 4 * rank) {
            throw new EOFException();
        }
        crc.update(dims);
        ByteBuffer db = ByteBuffer.wrap(dims);
        long[] shape = new long[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = db.getInt();
            if (shape[d] <= 0) {
                throw corrupt(file, "tensor " + name + " has an impossible shape " + Arrays.toString(Arrays.copyOf(shape, d + 1)));
            }
            if (count * shape[d] * 4 > size) {
                // A whole file cut short reads as a tensor larger than the file: say both.
                throw corrupt(file, "truncated or damaged: tensor " + name + " of shape " + Arrays.toString(Arrays.copyOf(shape, d + 1))
                        + " needs more bytes than the file's " + size);
            }
            count *= shape[d];
        }
        byte[] bytes = new byte[Math.toIntExact(count * 4)];
        in.readFully(bytes);
        crc.update(bytes);
        if (in.readLong() != crc.getValue()) {
            throw corrupt(file, "tensor " + name + " is damaged (checksum mismatch)");
        }
        if (tensors.containsKey(name)) {
            throw corrupt(file, "tensor " + name + " appears twice");
        }
        float[] data = new float[(int) count];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(data);
        tensors.put(name, data);
        shapes.put(name, shape);
    }

    /** One line, whatever a damaged file put in the names it quotes: control characters are shown escaped. */
    private static InvalidInputException corrupt(Path file, String problem) {
        StringBuilder line = new StringBuilder();
        problem.chars().forEach(c -> line.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return new InvalidInputException(file + ": " + line);
    }

    private static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }

    /**
     * Copies this checkpoint's parameters into a model, by name; every model parameter must be
     * present with exactly the model's shape.
     */
    public void loadInto(ResNetModel model) {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            String name = "model/" + e.getKey();
            float[] data = tensors.get(name);
            if (data == null) {
                throw new InvalidInputException(file + ": no tensor for parameter " + e.getKey() + " of " + model.spec().describe());
            }
            NDArray a = e.getValue().getArray();
            long[] want = a.getShape().getShape();
            if (!Arrays.equals(shapes.get(name), want)) {
                throw new InvalidInputException(file + ": tensor " + e.getKey() + " has shape " + Arrays.toString(shapes.get(name))
                        + ", the model expects " + Arrays.toString(want));
            }
            TensorWrites.assign(a, data);
        }
    }

    /** The model's parameters and BN statistics as engine-free tensors (the {@code model/} entries). */
    public Weights modelWeights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith("model/")) {
                int[] shape = Arrays.stream(shapes.get(k)).mapToInt(Math::toIntExact).toArray();
                out.put(k.substring("model/".length()), new Tensor(shape, v));
            }
        });
        return new Weights(out);
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
