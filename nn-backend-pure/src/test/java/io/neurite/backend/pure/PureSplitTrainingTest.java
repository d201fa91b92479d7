package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.neurite.data.Dataset;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole training run gives the same weights, bit for bit, on one thread and on several, however finely the
 * backend splits its operations. How it splits depends on the pool's dispatch cost, measured at start-up and
 * again while the program runs; before the element splits were aligned ({@link PureBackend#parallelElements})
 * the Fashion-MNIST job's accuracy for seed 1 was 0.8971, 0.8976 or 0.8961 depending on that measurement. The
 * layers are sized so that Adam's updates split over three threads end off a vector boundary.
 */
class PureSplitTrainingTest {

    private static Dataset data() {
        SeededRandom r = new SeededRandom(5);
        int n = 192;
        float[] x = r.normal(n * 128, 0f, 1f);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (x[i * 128] + x[i * 128 + 1] > 0 ? 1 : 0) + (x[i * 128 + 2] > 0.5f ? 2 : 0);
        }
        return Dataset.classification(x, Shape.of(128), labels, 4);
    }

    /** The trained weights of the same run on {@code backend}, concatenated. */
    private static float[] train(PureBackend backend) {
        // 128 x 160 = 20,480 weights: on 3 threads at the finest split, Adam's update of them is three shares of
        // 6,826, which no vector length divides. With batches of 64
        // the first layer's products are packed and split (64 x 128 x 160 multiply-adds), the second's are
        // unpacked and split by rows.
        Sequential model = Sequential.of(backend, Shape.of(128),
                new Dense(128, 160, Initializer.heNormal(1)), new ReLU(),
                new Dense(160, 70, Initializer.heNormal(2)), new ReLU(),
                new Dense(70, 4, Initializer.xavierUniform(3)));
        Trainer.builder(new SoftmaxCrossEntropy(), Optimizers.adam(0.01)).epochs(3).batchSize(64).seed(7)
                .build().fit(model, data());
        List<Parameter> params = model.parameters();
        int size = 0;
        for (Parameter p : params) {
            size += p.value().size();
        }
        float[] all = new float[size];
        int at = 0;
        for (Parameter p : params) {
            float[] v = p.value().toFloatArray();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    private static PureBackend splitAt(int threads, double dispatchNanos) {
        PureBackend b = new PureBackend(threads);
        b.useSplitPolicy(new SplitPolicy(threads, dispatchNanos, null));
        return b;
    }

    @Test
    void trainingGivesTheSameWeightsOnOneThreadAndSplitEveryWay() {
        float[] one = train(new PureBackend(1));
        for (int threads : new int[] {2, 3}) {
            for (double dispatch : new double[] {1, 400, 1_000_000}) {
                assertArrayEquals(one, train(splitAt(threads, dispatch)), "weights after training on " + threads
                        + " threads with a dispatch cost of " + dispatch + " ns against one thread");
            }
        }
    }
}
