package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.backend.pure.PureBackend;
import io.neurite.data.Batch;
import io.neurite.data.Batches;
import io.neurite.data.Dataset;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Tanh;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One seeded MLP trained on each backend from the same initial weights (copied from the pure model to the
 * nd4j one with {@code tensor.to(...)}), on the same batches in the same order: the per-epoch mean losses
 * must agree.
 *
 * <p>Tolerance: |loss_nd4j - loss_pure| <= 1e-5 · loss_pure at every epoch. The two backends round
 * differently (OpenBLAS and the pure kernels sum dot products in different orders; libnd4j evaluates exp and
 * tanh in float), about 1e-7 relative per op, which training amplifies slowly: over these six epochs the
 * observed gap was at most 6e-8 (SGD with momentum) and 6e-7 (Adam). A real defect — a wrong gradient, a
 * dropped bias, a transposed operand — moves the loss by orders of magnitude more.
 */
class CrossBackendTrainingTest {
    private static final int FEATURES = 20;
    private static final int CLASSES = 4;
    private static final int EPOCHS = 6;

    @Test
    void sgdWithMomentumLossesAgreePerEpoch() {
        compare(() -> Optimizers.sgd(0.05).momentum(0.9));
    }

    @Test
    void adamLossesAgreePerEpoch() {
        compare(() -> Optimizers.adam(3e-3));
    }

    private static void compare(Supplier<Optimizer> optimizer) {
        Backend pure = new PureBackend(1);
        Backend nd4j = Nd4jTestBackends.MAIN;
        Dataset data = dataset(1024, 11);

        Sequential pureModel = model(pure, 1);
        Sequential nd4jModel = model(nd4j, 1000); // other seeds: the copy below must be what makes them equal
        List<Parameter> from = pureModel.parameters();
        List<Parameter> to = nd4jModel.parameters();
        assertEquals(from.size(), to.size());
        assertNotEquals(from.get(0).value().get(0), to.get(0).value().get(0), "the models should start different");
        for (int i = 0; i < from.size(); i++) {
            to.get(i).value().copyFrom(from.get(i).value().to(nd4j));
        }

        double[] pureLosses = train(pureModel, data, optimizer.get());
        double[] nd4jLosses = train(nd4jModel, data, optimizer.get());
        StringBuilder table = new StringBuilder("epoch  pure        nd4j        relative gap\n");
        double worst = 0;
        for (int e = 0; e < EPOCHS; e++) {
            double gap = Math.abs(nd4jLosses[e] - pureLosses[e]) / pureLosses[e];
            worst = Math.max(worst, gap);
            table.append(String.format("%5d  %.8f  %.8f  %.2e%n", e + 1, pureLosses[e], nd4jLosses[e], gap));
        }
        System.out.print(table);
        assertTrue(worst <= 1e-5, "per-epoch losses differ by more than 1e-5 relative:\n" + table);
        assertTrue(pureLosses[EPOCHS - 1] < 0.5 * pureLosses[0], "the model did not learn:\n" + table);
    }

    private static Sequential model(Backend backend, long seed) {
        return Sequential.of(backend, Shape.of(FEATURES),
                new Dense(FEATURES, 48, Initializer.heNormal(seed)), new ReLU(),
                new Dense(48, 32, Initializer.xavierNormal(seed + 1)), new Tanh(),
                new Dense(32, 24, Initializer.heNormal(seed + 2)), new GELU(),
                new Dense(24, CLASSES, Initializer.xavierNormal(seed + 3)));
    }

    private static double[] train(Sequential model, Dataset data, Optimizer optimizer) {
        Backend backend = model.backend();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Batches batches = Batches.builder(data, backend).batchSize(32).shuffle(42)
                .lastBatch(Batches.LastBatch.DROP).build();
        Tensor grad = backend.zeros(32, CLASSES);
        double[] losses = new double[EPOCHS];
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            double sum = 0;
            int n = 0;
            for (Batch batch : batches.epoch(epoch)) {
                model.zeroGrad();
                Tensor logits = model.forward(batch.features(), true);
                sum += loss.lossAndGradient(logits, batch.labels(), grad);
                model.backward(grad, false);
                optimizer.step(model.parameters());
                n++;
            }
            losses[epoch - 1] = sum / n;
        }
        return losses;
    }

    /** {@link TinyMlp.Data}'s task: the class is the argmax of a fixed random projection. */
    private static Dataset dataset(int n, long seed) {
        TinyMlp.Data d = new TinyMlp.Data(n, FEATURES, CLASSES, seed);
        float[][] rows = new float[n][FEATURES];
        for (int i = 0; i < n; i++) {
            System.arraycopy(d.x, i * FEATURES, rows[i], 0, FEATURES);
        }
        return Dataset.of(rows, d.labels, CLASSES, FEATURES);
    }
}
