package dev.tailor.handoff;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates the channels-last file for hls4ml as hls4ml reads it, for one image: tensors H x W x C,
 * conv kernels O x H x W x I, shapes from value_info (tests only; ONNX Runtime cannot run qonnx's
 * domain). Knows exactly the operators Tailor writes.
 */
final class ChannelsLastInterpreter {
    private final Map<String, float[]> values = new HashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Map<String, int[]> dims = new HashMap<>();

    private ChannelsLastInterpreter(ModelProto m) {
        for (ValueInfoProto v : m.getGraph().getValueInfoList()) {
            shapes.put(v.getName(), v.getType().getTensorType().getShape().getDimList().stream().mapToInt(d -> (int) d.getDimValue()).toArray());
        }
        for (TensorProto t : m.getGraph().getInitializerList()) {
            values.put(t.getName(), floats(t));
            dims.put(t.getName(), t.getDimsList().stream().mapToInt(Long::intValue).toArray());
        }
    }

    /** The logits for one image given H x W x C. */
    static float[] logits(ModelProto m, float[] image, int h, int w, int c) {
        ChannelsLastInterpreter r = new ChannelsLastInterpreter(m);
        String in = m.getGraph().getInput(0).getName();
        r.values.put(in, image);
        r.shapes.put(in, new int[]{1, h, w, c});
        for (NodeProto n : m.getGraph().getNodeList()) {
            r.values.put(n.getOutput(0), r.eval(n));
        }
        return r.values.get(m.getGraph().getOutput(0).getName());
    }

    private float[] eval(NodeProto n) {
        float[] x = values.get(n.getInput(0));
        int[] s = shapes.get(n.getInput(0));
        switch (n.getOpType()) {
            case "Relu" -> {
                float[] y = x.clone();
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.max(0, y[i]);
                }
                return y;
            }
            case "Add", "MatMul" -> {
                float[] b = values.get(n.getInput(1));
                if (n.getOpType().equals("Add")) {
                    float[] y = x.clone();
                    for (int i = 0; i < y.length; i++) {
                        y[i] += b[i];
                    }
                    return y;
                }
                int[] wd = dims.get(n.getInput(1));
                float[] y = new float[wd[1]];
                for (int o = 0; o < wd[1]; o++) {
                    for (int i = 0; i < wd[0]; i++) {
                        y[o] += x[i] * b[i * wd[1] + o];
                    }
                }
                return y;
            }
            case "Flatten" -> {
                return x;
            }
            case "GlobalAveragePool" -> {
                // Its input is described channels first for hls4ml's parser; the data are channels last.
                int c = s[1];
                int hw = s[2] * s[3];
                float[] y = new float[c];
                for (int p = 0; p < hw; p++) {
                    for (int ch = 0; ch < c; ch++) {
                        y[ch] += x[p * c + ch] / hw;
                    }
                }
                return y;
            }
            case "BatchNormalization" -> {
                float[] g = values.get(n.getInput(1));
                float[] b = values.get(n.getInput(2));
                float[] mean = values.get(n.getInput(3));
                float[] var = values.get(n.getInput(4));
                float eps = attribute(n, "epsilon").getF();
                float[] y = x.clone();
                for (int i = 0; i < y.length; i++) {
                    int ch = i % g.length;
                    y[i] = (float) ((x[i] - mean[ch]) / Math.sqrt(var[ch] + eps) * g[ch] + b[ch]);
                }
                return y;
            }
            case "Conv" -> {
                return conv(n, x, s);
            }
            default -> throw new IllegalStateException("not interpreted: " + n.getOpType());
        }
    }

    private float[] conv(NodeProto n, float[] x, int[] s) {
        float[] k = values.get(n.getInput(1));
        int[] kd = dims.get(n.getInput(1)); // O, kH, kW, I
        float[] bias = n.getInputCount() > 2 ? values.get(n.getInput(2)) : new float[kd[0]];
        int stride = (int) attribute(n, "strides").getInts(0);
        int pad = (int) attribute(n, "pads").getInts(0);
        int h = s[1];
        int w = s[2];
        int cin = s[3];
        int[] os = shapes.get(n.getOutput(0));
        int oh = os[1];
        int ow = os[2];
        float[] y = new float[oh * ow * kd[0]];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int o = 0; o < kd[0]; o++) {
                    double sum = bias[o];
                    for (int ky = 0; ky < kd[1]; ky++) {
                        for (int kx = 0; kx < kd[2]; kx++) {
                            int iy = oy * stride - pad + ky;
                            int ix = ox * stride - pad + kx;
                            if (iy < 0 || ix < 0 || iy >= h || ix >= w) {
                                continue;
                            }
                            for (int i = 0; i < cin; i++) {
                                sum += x[(iy * w + ix) * cin + i] * k[((o * kd[1] + ky) * kd[2] + kx) * kd[3] + i];
                            }
                        }
                    }
                    y[(oy * ow + ox) * kd[0] + o] = (float) sum;
                }
            }
        }
        return y;
    }

    private static AttributeProto attribute(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(n.getName() + " has no " + name));
    }

    private static float[] floats(TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
