package io.neurite.spark;

import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * The baseline that docs/spark.md compares Spark's training with: the plain training loop on one machine (no
 * Spark task), over the same rows, with the global batch size, the same optimizer and the same number of epochs.
 */
final class SingleMachine {
    private SingleMachine() {
    }

    static void train(Sequential model, List<Row> rows, int batch, int epochs, double lr, long seed) {
        int n = rows.size();
        int features = model.inputShape().size();
        int classes = model.outputShape().size();
        float[] x = new float[n * features];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Vector v = (Vector) rows.get(i).get(0);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) v.apply(j);
            }
            labels[i] = (int) rows.get(i).getDouble(1);
        }
        int steps = (n + batch - 1) / batch;
        Optimizer optimizer = OptimizerFactory.adamCosine(lr).create((long) steps * epochs);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        float[] xb = new float[batch * features];
        int[] lb = new int[batch];
        // Full batches reuse their tensors, as Neurite's Trainer does: the baseline allocates nothing per step.
        Tensor fullInput = model.backend().zeros(batch, features);
        Tensor fullGrad = model.backend().zeros(batch, classes);
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            long cpu0 = SparkTrainMain.processCpuNanos();
            int[] order = Shuffle.permutation(n, seed, epoch, 0);
            double lossSum = 0;
            for (int s = 0; s < steps; s++) {
                int from = s * batch;
                int count = Math.min(batch, n - from);
                float[] xs = count == batch ? xb : new float[count * features];
                int[] ls = count == batch ? lb : new int[count];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(x, order[from + i] * features, xs, i * features, features);
                    ls[i] = labels[order[from + i]];
                }
                Tensor input = count == batch ? fullInput.copyFrom(xs) : model.backend().of(xs, Shape.of(count, features));
                Tensor grad = count == batch ? fullGrad : model.backend().zeros(count, classes);
                model.zeroGrad();
                Tensor logits = model.forward(input, true);
                lossSum += (double) loss.lossAndGradient(logits, ls, grad) * count;
                model.backward(grad, false);
                optimizer.step(model.parameters());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("single machine: epoch %d: loss %.4f, %d samples in %.2f s (%.0f samples/s), process CPU"
                    + " %.2f s%n", epoch + 1, lossSum / n, n, seconds, n / seconds,
                    (SparkTrainMain.processCpuNanos() - cpu0) / 1e9);
        }
    }
}
