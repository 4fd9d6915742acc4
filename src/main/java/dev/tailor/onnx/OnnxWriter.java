package dev.tailor.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.tailor.net.Layer;
import dev.tailor.net.Op;
import dev.tailor.net.Shape;
import dev.tailor.net.Tensor;
import dev.tailor.net.Weights;
import dev.tailor.net.deploy.DeployedNetwork;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link DeployedNetwork} as an ONNX model: one node per layer, named after it
 * ({@link OnnxNames}), NCHW float input with a symbolic batch, every intermediate tensor with its
 * shape in {@code value_info} (hls4ml reads shapes from there). BN layers still in the graph become
 * BatchNormalization nodes; the classifier is Flatten, MatMul and a bias Add, the form hls4ml's
 * ONNX front end turns into a Dense layer. The writer only reads: which passes ran is the caller's
 * choice (README, "Export and import").
 *
 * <p>{@link Layout#HLS4ML_CHANNELS_LAST} writes the same network as hls4ml's ONNX front end reads
 * it without qonnx (docs/handoff.md): batch 1, NHWC tensors, Conv, MaxPool and BatchNormalization
 * nodes in qonnx's channels-last domain with conv weights as O x H x W x I (hls4ml transposes them
 * to its H x W x I x O), a shape for every initializer, and the global pool's input described
 * channels first, the order hls4ml's global-pooling parser reads. ONNX Runtime cannot run that
 * file (the domain is qonnx's); tests check it against the first layout.
 */
public final class OnnxWriter {
    public static final int MIN_OPSET = 11;
    public static final int MAX_OPSET = 21;
    /** The operator domain of qonnx's channels-last ops, which hls4ml requires on convs, pools and BN. */
    public static final String CHANNELS_LAST_DOMAIN = "qonnx.custom_op.channels_last";

    /** How tensors are laid out, and so which consumer the file is for. */
    public enum Layout {
        /** NCHW with a symbolic batch: standard ONNX, for ONNX Runtime, PyTorch, FINN. */
        NCHW,
        /** NHWC, batch 1, qonnx's channels-last ops: hls4ml's ONNX front end, directly. */
        HLS4ML_CHANNELS_LAST
    }

    private final DeployedNetwork net;
    private final boolean channelsLast;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> tensorNames = new HashSet<>();

    private OnnxWriter(DeployedNetwork net, Layout layout) {
        this.net = net;
        this.channelsLast = layout == Layout.HLS4ML_CHANNELS_LAST;
    }

    /**
     * @param opset    the ONNX operator set, {@value #MIN_OPSET} to {@value #MAX_OPSET}
     * @param metadata written as the model's {@code metadata_props}
     */
    public static ModelProto write(DeployedNetwork net, int opset, Map<String, String> metadata) {
        return write(net, opset, metadata, Layout.NCHW);
    }

    /** The same, in the given layout. */
    public static ModelProto write(DeployedNetwork net, int opset, Map<String, String> metadata, Layout layout) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset + " is outside " + MIN_OPSET + ".." + MAX_OPSET);
        }
        OnnxWriter w = new OnnxWriter(net, layout);
        w.graph.setName(net.graph().spec().model());
        for (Layer l : net.graph().layers()) {
            w.layer(l);
        }
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(irVersion(opset)).setProducerName("tailor")
                .setProducerVersion("0.1.0").setDocString(net.graph().spec().describe())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        if (w.channelsLast) {
            w.describeForHls4ml();
            m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(CHANNELS_LAST_DOMAIN).setVersion(1));
        }
        m.setGraph(w.graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** The IR version that introduced each opset, so older runtimes still load the file. */
    static long irVersion(int opset) {
        if (opset <= 11) {
            return 6;
        }
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    private void layer(Layer l) {
        String name = OnnxNames.node(l.name());
        switch (l.op()) {
            case INPUT -> graph.addInput(valueInfo(inputName(), l.out()));
            case CONV -> conv(l, name);
            case BN -> node("BatchNormalization", name, l.out(), List.of(input(l, 0), weight(name + "_scale", l, ".gamma"),
                    weight(name + "_bias", l, ".beta"), weight(name + "_mean", l, ".runningMean"),
                    weight(name + "_var", l, ".runningVar")), floatAttribute("epsilon", (float) Op.BN_EPSILON));
            // hls4ml reads the domain of these three; ReLU, Add and the global pool are the same in both layouts.
            case RELU -> node("Relu", name, l.out(), List.of(input(l, 0)));
            case ADD -> node("Add", name, l.out(), List.of(input(l, 0), input(l, 1)));
            case MAXPOOL -> node("MaxPool", name, l.out(), List.of(input(l, 0)), ints("kernel_shape", l.kernel(), l.kernel()),
                    ints("strides", l.stride(), l.stride()), ints("pads", l.padding(), l.padding(), l.padding(), l.padding()));
            case GLOBAL_AVGPOOL -> node("GlobalAveragePool", name, l.out(), List.of(input(l, 0)));
            case DENSE -> dense(l, name);
        }
    }

    private void conv(Layer l, String name) {
        Weights w = net.weights();
        String bias = l.name() + ".bias";
        String kernel = channelsLast ? initializer(OnnxTensors.floats(name + "_W", ohwi(w.get(l.name() + ".weight"))))
                : weight(name + "_W", l, ".weight");
        List<String> inputs = w.has(bias)
                ? List.of(input(l, 0), kernel, weight(name + "_B", l, ".bias"))
                : List.of(input(l, 0), kernel);
        int k = l.kernel();
        int p = l.padding();
        node("Conv", name, l.out(), inputs, ints("kernel_shape", k, k), ints("strides", l.stride(), l.stride()),
                ints("pads", p, p, p, p), ints("dilations", 1, 1), intAttribute("group", 1));
    }

    /** A conv kernel O x I x H x W as O x H x W x I, the order of qonnx's channels-last Conv. */
    static Tensor ohwi(Tensor oihw) {
        int[] d = oihw.shape();
        float[] v = oihw.values();
        float[] t = new float[v.length];
        for (int o = 0; o < d[0]; o++) {
            for (int i = 0; i < d[1]; i++) {
                for (int y = 0; y < d[2]; y++) {
                    for (int x = 0; x < d[3]; x++) {
                        t[((o * d[2] + y) * d[3] + x) * d[1] + i] = v[((o * d[1] + i) * d[2] + y) * d[3] + x];
                    }
                }
            }
        }
        return new Tensor(new int[]{d[0], d[2], d[3], d[1]}, t);
    }

    /**
     * What hls4ml's front end needs beyond the nodes: a shape for every initializer (it looks every
     * node input up in value_info), and the global pool's input described channels first.
     */
    private void describeForHls4ml() {
        for (TensorProto t : graph.getInitializerList()) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            t.getDimsList().forEach(d -> shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d)));
            graph.addValueInfo(ValueInfoProto.newBuilder().setName(t.getName()).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(t.getDataType()).setShape(shape))));
        }
        for (Layer l : net.graph().layers()) {
            if (l.op() == Op.GLOBAL_AVGPOOL) {
                String in = input(l, 0);
                Shape s = l.in();
                for (int i = 0; i < graph.getValueInfoCount(); i++) {
                    if (graph.getValueInfo(i).getName().equals(in)) {
                        graph.setValueInfo(i, fixedShape(in, 1, s.channels(), s.height(), s.width()));
                    }
                }
            }
        }
    }

    /** Flatten, then MatMul by the transposed weight, then the bias Add that produces the logits. */
    private void dense(Layer l, String name) {
        Tensor weight = net.weights().get(l.name() + ".weight");
        int classes = weight.dim(0);
        int features = weight.dim(1);
        float[] t = new float[features * classes];
        float[] v = weight.values();
        for (int o = 0; o < classes; o++) {
            for (int i = 0; i < features; i++) {
                t[i * classes + o] = v[o * features + i];
            }
        }
        String flat = name + "_flatten";
        addNode(NodeProto.newBuilder().setName(flat).setOpType("Flatten").addInput(input(l, 0)).addOutput(flat)
                .addAttribute(intAttribute("axis", 1)));
        graph.addValueInfo(valueInfo(flat, features));
        addNode(NodeProto.newBuilder().setName(name).setOpType("MatMul").addInput(flat)
                .addInput(initializer(OnnxTensors.floats(name + "_W", t, features, classes))).addOutput(name));
        graph.addValueInfo(valueInfo(name, classes));
        String bias = initializer(OnnxTensors.floats(name + "_B", net.weights().get(l.name() + ".bias")));
        addNode(NodeProto.newBuilder().setName(OnnxNames.denseBias(l.name())).setOpType("Add").addInput(name).addInput(bias)
                .addOutput(OnnxNames.LOGITS));
        graph.addOutput(valueInfo(OnnxNames.LOGITS, classes));
    }

    private void node(String op, String name, Shape out, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(name);
        if (channelsLast && (op.equals("Conv") || op.equals("MaxPool") || op.equals("BatchNormalization"))) {
            n.setDomain(CHANNELS_LAST_DOMAIN);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        addNode(n);
        graph.addValueInfo(valueInfo(name, out));
    }

    private void addNode(NodeProto.Builder n) {
        for (String out : n.getOutputList()) {
            claim(out);
        }
        graph.addNode(n);
    }

    private String input(Layer l, int i) {
        String producer = l.inputs().get(i);
        return net.graph().layer(producer).inputs().isEmpty() ? inputName() : OnnxNames.node(producer);
    }

    private String inputName() {
        return channelsLast ? OnnxNames.HLS_INPUT : OnnxNames.INPUT;
    }

    private String weight(String tensorName, Layer l, String suffix) {
        return initializer(OnnxTensors.floats(tensorName, net.weights().get(l.name() + suffix)));
    }

    private String initializer(TensorProto t) {
        claim(t.getName());
        graph.addInitializer(t);
        return t.getName();
    }

    private void claim(String tensor) {
        if (!tensorNames.add(tensor)) {
            throw new IllegalStateException("two ONNX tensors named " + tensor);
        }
    }

    private ValueInfoProto valueInfo(String name, Shape s) {
        return channelsLast ? fixedShape(name, 1, s.height(), s.width(), s.channels()) : valueInfo(name, s.channels(), s.height(), s.width());
    }

    /** A tensor with a batch dimension first: symbolic in NCHW files, 1 in hls4ml's. */
    private ValueInfoProto valueInfo(String name, int... dims) {
        if (channelsLast) {
            int[] all = new int[dims.length + 1];
            all[0] = 1;
            System.arraycopy(dims, 0, all, 1, dims.length);
            return fixedShape(name, all);
        }
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxNames.BATCH));
        return floatTensor(name, shape, dims);
    }

    private static ValueInfoProto fixedShape(String name, int... dims) {
        return floatTensor(name, TensorShapeProto.newBuilder(), dims);
    }

    private static ValueInfoProto floatTensor(String name, TensorShapeProto.Builder shape, int... dims) {
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto intAttribute(String name, int value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }
}
