package dev.tailor.handoff;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime for Java: the reference that exported and imported files are checked against (tests only). */
public final class OnnxRuntime {
    private OnnxRuntime() {
    }

    /** One output tensor: its shape and values, row-major. */
    public record Output(long[] shape, float[] values) {
    }

    /** Every graph output of {@code model} for a batch of NCHW images. */
    public static Map<String, Output> run(byte[] model, float[] images, long... shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, opts);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), shape);
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), x))) {
                Map<String, Output> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : r) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    FloatBuffer b = t.getFloatBuffer();
                    float[] v = new float[b.remaining()];
                    b.get(v);
                    out.put(e.getKey(), new Output(t.getInfo().getShape(), v));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** The logits of a single-output model, one row per image. */
    public static float[] logits(byte[] model, float[] images, long... shape) {
        return run(model, images, shape).values().iterator().next().values();
    }
}
