package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.data.Dataset;
import io.neurite.data.Normalizer;
import io.neurite.data.source.FashionMnist;
import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Fashion-MNIST MLP, trained briefly, saved as a model file (with its normaliser and class names) and exported:
 * ONNX Runtime, fed raw pixels through the README's snippet, must score exactly Neurite's test accuracy.
 *
 * <p>The data must be in {@code -Dneurite.fashionMnist.dir} (default {@code /usr/share/datasets/fashion-mnist},
 * where {@code .ci/run} installs it); without it the test fails, saying so. {@code -Dneurite.skipFashionMnist=true}
 * skips it locally.
 */
class FashionMnistOnnxRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void onnxRuntimeScoresNeuritesTestAccuracy() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("neurite.skipFashionMnist"),
                "skipped with -Dneurite.skipFashionMnist=true");
        Path data = Path.of(System.getProperty("neurite.fashionMnist.dir", "/usr/share/datasets/fashion-mnist"));
        assertTrue(Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte.gz")), "Fashion-MNIST is not in " + data
                + ": apt-get install dataset-fashion-mnist (or -Dneurite.skipFashionMnist=true)");
        FashionMnist mnist = FashionMnist.load(data);
        Backend backend = Backends.get("pure");
        Normalizer normalizer = Normalizer.range(0, 255, 784);
        Dataset train = normalizer.apply(mnist.train().slice(0, 12_000)).flat();   // images as vectors [784]
        Dataset test = normalizer.apply(mnist.test()).flat();

        Sequential model = Sequential.of(backend, Shape.of(784), new Dense(784, 64, Initializer.heNormal(1)),
                new ReLU(), new Dense(64, 10, Initializer.xavierNormal(2)));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer adam = Optimizers.adam(2e-3);
        int batch = 100;
        Tensor grad = backend.zeros(batch, 10);
        int[] labels = train.labels();
        for (int from = 0; from + batch <= train.size(); from += batch) {
            Dataset b = train.slice(from, from + batch);
            model.zeroGrad();
            Tensor logits = model.forward(b.toTensor(backend), true);
            loss.lossAndGradient(logits, java.util.Arrays.copyOfRange(labels, from, from + batch), grad);
            model.backward(grad);
            adam.step(model.parameters());
        }
        double neurite = loss.accuracy(model.predict(test.toTensor(backend)), test.labels());
        assertTrue(neurite > 0.75, "the model learned: " + neurite);

        Path zip = dir.resolve("fashion-mnist.zip");
        ModelFile.writer(model).normalizer(normalizer).classNames(FashionMnist.CLASS_NAMES).save(zip);
        Path onnx = dir.resolve("fashion-mnist.onnx");
        OnnxExport.write(onnx, ModelFile.read(zip, backend));

        // The logits themselves, for 500 raw test images (the graph normalises) against Neurite's on normalised ones.
        int rows = 500;
        float[] raw = new float[rows * 784];
        Dataset rawTest = mnist.test().flat();
        for (int i = 0; i < rows; i++) {
            rawTest.copyFeatures(i, raw, i * 784);
        }
        float[] logits = model.predict(test.slice(0, rows).toTensor(backend)).toFloatArray();
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(onnx)) {
            OnnxRuntimeAgreementTest.assertClose(logits, ort.run(raw, rows, 784), "Fashion-MNIST logits");
        }

        int correct = FashionMnistInOnnxRuntime.correct(onnx, data);
        System.out.printf("Fashion-MNIST test accuracy: Neurite %.4f, ONNX Runtime %.4f%n", neurite, correct / 1e4);
        assertEquals(Math.round(neurite * 10_000), correct, "ONNX Runtime's correct count must equal Neurite's");
    }
}
