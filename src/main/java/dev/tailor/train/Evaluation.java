package dev.tailor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tailor.data.Augmentation;
import dev.tailor.data.Batch;
import dev.tailor.data.BatchLoader;
import dev.tailor.data.Dataset;
import dev.tailor.data.Normalization;
import dev.tailor.nn.ResNetModel;

/** Top-1, top-5 and mean cross-entropy of a model in evaluation mode (BN running statistics). */
public record Evaluation(double top1, double top5, double loss, int samples) {

    public static Evaluation of(ResNetModel model, Dataset data, Normalization norm, int batchSize) {
        long correct1 = 0;
        long correct5 = 0;
        double lossSum = 0;
        int n = 0;
        dev.tailor.net.Shape s = data.shape();
        int k = Math.min(5, data.classes());
        try (BatchLoader loader = BatchLoader.inOrder(data, norm, batchSize)) {
            while (loader.hasNext()) {
                Batch b = loader.next();
                try (NDManager m = model.manager().newSubManager()) {
                    NDArray x = m.create(b.images(), new Shape(b.size(), s.channels(), s.height(), s.width()));
                    NDArray y = m.create(toLong(b.labels()));
                    NDArray logits = model.forward(x, false);
                    lossSum += Losses.crossEntropy(logits, y).getFloat() * b.size();
                    NDList top = logits.topK(k, 1, true, true);
                    NDArray hits = top.get(1).eq(y.reshape(-1, 1));
                    correct1 += hits.get(":, 0").sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                    correct5 += hits.sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                    n += b.size();
                }
            }
        }
        return new Evaluation((double) correct1 / n, (double) correct5 / n, lossSum / n, n);
    }

    static long[] toLong(int[] labels) {
        long[] l = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            l[i] = labels[i];
        }
        return l;
    }
}
