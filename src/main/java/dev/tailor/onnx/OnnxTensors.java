package dev.tailor.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import dev.tailor.net.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Dense tensors to and from ONNX {@code TensorProto}s (raw little-endian data, as ONNX stores it). */
final class OnnxTensors {
    private OnnxTensors() {
    }

    static TensorProto floats(String name, float[] values, int... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(UnsafeByteOperations.unsafeWrap(raw.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static TensorProto floats(String name, Tensor tensor) {
        return floats(name, tensor.values(), tensor.shape());
    }

    static int[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToInt(Math::toIntExact).toArray();
    }

    static boolean isFloat(TensorProto t) {
        int type = t.getDataType();
        return type == TensorProto.DataType.FLOAT.getNumber() || type == TensorProto.DataType.DOUBLE.getNumber();
    }

    /** The values of a FLOAT or DOUBLE tensor as floats; null for other types. */
    static float[] toFloats(TensorProto t) {
        int n = count(t);
        float[] out = new float[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (t.getDataType() == TensorProto.DataType.FLOAT.getNumber()) {
            if (!t.getRawData().isEmpty()) {
                raw.asFloatBuffer().get(out);
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = t.getFloatData(i);
                }
            }
            return out;
        }
        if (t.getDataType() == TensorProto.DataType.DOUBLE.getNumber()) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (t.getRawData().isEmpty() ? t.getDoubleData(i) : raw.getDouble(i * Double.BYTES));
            }
            return out;
        }
        return null;
    }

    /** The values of an INT64 or INT32 tensor; null for other types. */
    static long[] toLongs(TensorProto t) {
        int n = count(t);
        long[] out = new long[n];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        if (t.getDataType() == TensorProto.DataType.INT64.getNumber()) {
            for (int i = 0; i < n; i++) {
                out[i] = hasRaw ? raw.getLong(i * Long.BYTES) : t.getInt64Data(i);
            }
            return out;
        }
        if (t.getDataType() == TensorProto.DataType.INT32.getNumber()) {
            for (int i = 0; i < n; i++) {
                out[i] = hasRaw ? raw.getInt(i * Integer.BYTES) : t.getInt32Data(i);
            }
            return out;
        }
        return null;
    }

    static Tensor toTensor(TensorProto t) {
        int[] dims = dims(t);
        return new Tensor(dims.length == 0 ? new int[]{1} : dims, toFloats(t));
    }

    private static int count(TensorProto t) {
        return Math.toIntExact(Arrays.stream(dims(t)).asLongStream().reduce(1, (a, b) -> a * b));
    }
}
