package io.neurite.examples;

import io.neurite.data.Batch;
import io.neurite.data.Batches;
import io.neurite.data.Dataset;
import io.neurite.data.source.FashionMnist;
import io.neurite.data.Normalizer;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import io.neurite.io.ModelFile;
import io.neurite.train.EarlyStopping;
import io.neurite.train.History;
import io.neurite.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The code example of the README, kept here so that the build proves it compiles and runs: the classic
 * 784-128-10 MLP trained with an explicit loop. Run it with
 * {@code mvn -q -pl nn-examples -am compile -Dexample=readme}.
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    public static void main(String[] args) throws IOException {
        // --- README example begins ---
        Backend backend = Backends.get();                        // -Dneurite.backend=pure|nd4j, or the best found
        FashionMnist data = FashionMnist.load();                 // finds (or downloads and verifies) the 4 files
        Normalizer scale = Normalizer.range(0, 255, 784);        // pixels 0..255 -> 0..1
        Dataset train = scale.apply(data.train()).flat();       // images [1, 28, 28] as vectors [784]
        Dataset test = scale.apply(data.test()).flat();

        Sequential model = Sequential.of(backend, Shape.of(784),
                new Dense(784, 128, Initializer.heNormal(1)), new ReLU(),
                new Dense(128, 10, Initializer.xavierNormal(2)));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer sgd = Optimizers.sgd(0.05).momentum(0.9);
        Batches batches = Batches.builder(train, backend).batchSize(128).shuffle(42)
                .lastBatch(Batches.LastBatch.DROP).build();  // equal batches: no tensor allocated after the first
        Tensor grad = backend.zeros(128, 10);

        for (int epoch = 1; epoch <= 5; epoch++) {               // epochs count from 1 in Batches, Trainer, History
            for (Batch batch : batches.epoch(epoch)) {
                model.zeroGrad();
                Tensor logits = model.forward(batch.features(), true);
                loss.lossAndGradient(logits, batch.labels(), grad);  // mean loss; dLoss/dLogits into grad
                model.backward(grad, false);                     // false: skip the unused input gradient
                sgd.step(model.parameters());
            }
            Tensor testLogits = model.predict(test.toTensor(backend));
            System.out.printf("epoch %d: test accuracy %.4f%n", epoch, loss.accuracy(testLogits, test.labels()));
        }
        // --- README example ends ---
        withTrainer(model, train, Path.of(args.length > 0 ? args[0] : "readme-mlp.zip"));
    }

    /** The README's second snippet: the same model trained further by {@link Trainer}, then saved and loaded. */
    static Sequential withTrainer(Sequential model, Dataset train, Path file) throws IOException {
        Dataset.Split split = train.split(0.1, 7);               // hold out 10 % for validation
        Trainer trainer = Trainer.builder(new SoftmaxCrossEntropy(), Optimizers.adam(1e-3))
                .epochs(10).batchSize(128).seed(1).validation(split.validation())
                .listener(new EarlyStopping("val_loss", EarlyStopping.Mode.MIN, 3, 1e-4, true))
                .build();
        History history = trainer.fit(model, split.train());
        history.writeCsv(file.resolveSibling("history.csv"));
        ModelFile.save(file, model);               // zip: model.json + one .npy per weight, atomic
        return ModelFile.load(file, Backends.get("pure"));
    }
}
