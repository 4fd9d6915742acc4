import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.handoff.ExportOptions;
import dev.tailor.handoff.Exporter;
import dev.tailor.net.ModelZoo;
import dev.tailor.net.NetSpec;
import dev.tailor.nn.ResNetModel;
import dev.tailor.train.Checkpoint;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The hand-off's speed (BENCHMARKS.md, "Export and ONNX Runtime"):
 * <ol>
 *   <li>{@code tailor export} of a full ResNet-50 (3x224x224, 1000 classes) from its checkpoint,
 *       with and without --fold-bn: load, lower, write the four files;</li>
 *   <li>inference of the exported ResNet-20 (3x32x32, width 16, BN folded) in ONNX Runtime against
 *       Tailor's engine (DJL + libtorch, evaluation mode with BN folded once) on the same batches, one call of each in
 *       turn, at batch 1 and 256, both on the same number of threads.</li>
 * </ol>
 * Prints medians and the ratio per round. Run it with bench/onnx-bench.sh.
 */
public class OnnxBench {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("onnx-bench");
        try (NDManager m = NDManager.newBaseManager()) {
            exportTime(m, work, rounds);
            inference(m, work, rounds, threads);
        }
    }

    private static void exportTime(NDManager m, Path work, int rounds) throws Exception {
        NetSpec spec = ModelZoo.build("resnet50");
        Path ck = work.resolve("resnet50.ckpt");
        try (ResNetModel model = ResNetModel.create(spec, m, 1)) {
            Checkpoint.save(ck, Checkpoint.newHeader(spec), model, null);
        }
        for (boolean fold : new boolean[]{false, true}) {
            double[] s = new double[rounds * 3];
            for (int i = 0; i < s.length; i++) {
                long t0 = System.nanoTime();
                Exporter.Result r = Exporter.export(ck, work.resolve("resnet50-export"), ExportOptions.defaults().withFoldBatchNorm(fold));
                s[i] = (System.nanoTime() - t0) / 1e9;
                if (i == 0) {
                    System.out.printf(Locale.ROOT, "export resnet50 %s: model.onnx %.1f MB, checkpoint %.1f MB%n",
                            fold ? "--fold-bn" : "(BN nodes)", Files.size(r.model()) / 1e6, Files.size(ck) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "export_s resnet50 fold_bn=%s median=%.2f min=%.2f max=%.2f (%d runs)%n", fold, median(s),
                    Arrays.stream(s).min().orElseThrow(), Arrays.stream(s).max().orElseThrow(), s.length);
        }
    }

    private static void inference(NDManager m, Path work, int rounds, int threads) throws Exception {
        NetSpec spec = ModelZoo.build("resnet20");
        Path ck = work.resolve("resnet20.ckpt");
        try (ResNetModel model = ResNetModel.create(spec, m, 2)) {
            ObjectNode h = Checkpoint.newHeader(spec);
            Checkpoint.save(ck, h, model, null);
            Exporter.Result r = Exporter.export(ck, work.resolve("resnet20-export"), ExportOptions.defaults().withFoldBatchNorm(true));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(threads);
                opts.setInterOpNumThreads(1);
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                // The engine's deployment path: BN folded into the convs once, as for a frozen network.
                java.util.function.UnaryOperator<ai.djl.ndarray.NDArray> frozen = model.frozenEvaluation();
                try (OrtSession session = env.createSession(r.model().toString(), opts)) {
                    for (int batch : new int[]{1, 256}) {
                        float[] x = new float[batch * 3 * 32 * 32];
                        Random rng = new Random(batch);
                        for (int i = 0; i < x.length; i++) {
                            x[i] = (float) rng.nextGaussian();
                        }
                        int steps = batch == 1 ? 200 : 15;
                        for (int round = 1; round <= rounds; round++) {
                            double[] ort = new double[steps];
                            double[] djl = new double[steps];
                            for (int i = -steps / 5; i < steps; i++) {
                                double a = time(() -> runOrt(env, session, x, batch));
                                double b = time(() -> {
                                    try (NDManager s = m.newSubManager()) {
                                        frozen.apply(s.create(x, new ai.djl.ndarray.types.Shape(batch, 3, 32, 32))).toFloatArray();
                                    }
                                });
                                if (i >= 0) {
                                    ort[i] = a;
                                    djl[i] = b;
                                }
                            }
                            double o = median(ort);
                            double d = median(djl);
                            System.out.printf(Locale.ROOT, "infer resnet20 batch=%d round=%d onnxruntime_ms=%.3f tailor_ms=%.3f "
                                            + "onnxruntime_img_s=%.0f tailor_img_s=%.0f ratio_tailor_over_ort=%.2f%n",
                                    batch, round, o, d, batch / o * 1000, batch / d * 1000, d / o);
                        }
                    }
                }
            }
        }
    }

    private static void runOrt(OrtEnvironment env, OrtSession session, float[] x, int batch) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{batch, 3, 32, 32});
             OrtSession.Result out = session.run(Map.of("input", t))) {
            ((OnnxTensor) out.get(0)).getFloatBuffer();
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
