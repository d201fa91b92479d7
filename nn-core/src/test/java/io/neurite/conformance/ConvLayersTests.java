package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.io.ModelFile;
import io.neurite.nn.AvgPool2D;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Buffer;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Flatten;
import io.neurite.nn.GlobalAvgPool2D;
import io.neurite.nn.Initializer;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Padding;
import io.neurite.nn.ReLU;
import io.neurite.nn.Reshape;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image layers in models: build-time shape errors that name the layer and both sizes, the summary, the
 * output sizes of every padding mode, BatchNorm's running statistics and inference, and model files.
 */
public abstract class ConvLayersTests {

    protected abstract Backend backend();

    @TempDir
    Path dir;

    /** The CNN of the fashion-mnist command, with fixed seeds. */
    static Sequential fashionCnn(Backend backend) {
        return Sequential.of(backend, Shape.of(1, 28, 28),
                Conv2D.builder(1, 32, 3).padding(Padding.same()).init(Initializer.heNormal(1)).build(),
                new BatchNorm(32), new ReLU(), new MaxPool2D(2),
                Conv2D.builder(32, 64, 3).padding(Padding.same()).init(Initializer.heNormal(2)).build(),
                new BatchNorm(64), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Dense(3136, 128, Initializer.heNormal(3)), new ReLU(), new Dropout(0.3f, 4),
                new Dense(128, 10, Initializer.xavierNormal(5)));
    }

    @Test
    void theSummaryShowsEveryOutputShapeAndParameterCount() {
        Sequential model = fashionCnn(backend());
        String summary = model.summary();
        String[] expected = {
            "Conv2D 1→32 3x3 same", "[32, 28, 28]", "320", // 1 * 32 * 9 + 32
            "BatchNorm(32)", "64",
            "MaxPool2D 2x2", "[32, 14, 14]",
            "Conv2D 32→64 3x3 same", "[64, 14, 14]", "18496", // 32 * 64 * 9 + 64
            "[64, 7, 7]", "Flatten", "[3136]",
            "Dense 3136→128", "401536", "Dense 128→10", "1290"};
        for (String e : expected) {
            assertTrue(summary.contains(e), "summary should contain '" + e + "':\n" + summary);
        }
        assertEquals(320 + 64 + 18496 + 128 + 401536 + 1290, model.parameterCount());
        assertTrue(summary.contains("total parameters: 421834"), summary);
    }

    @Test
    void aConvolutionWhoseInputChannelsDoNotMatchNamesBoth() {
        Checks.rejects(() -> Sequential.of(backend(), Shape.of(1, 28, 28),
                        new Conv2D(1, 32, 3, Padding.same(), 1), new ReLU(), new Conv2D(16, 64, 3, Padding.same(), 2)),
                "layer 2 (Conv2D 16→64 3x3 same)", "[16, height, width]", "[32, 28, 28]", "32 channels",
                "Conv2D 32→64");
    }

    @Test
    void aKernelLargerThanItsPaddedInputNamesTheLayerAndTheSizes() {
        Checks.rejects(() -> Sequential.of(backend(), Shape.of(3, 8, 8),
                        new MaxPool2D(2), new MaxPool2D(2), new Conv2D(3, 4, 5, Padding.valid(), 1)),
                "layer 2 (Conv2D 3→4 5x5)", "[3, 2, 2]", "5x5 kernel", "padded input 2x2");
        Checks.rejects(() -> Sequential.of(backend(), Shape.of(1, 4, 4),
                        Conv2D.builder(1, 1, 3).dilation(2).build()),
                "layer 0", "dilated to 5x5", "padded input 4x4");
    }

    @Test
    void imagesGivenToAnMlpSayToFlatten() {
        Checks.rejects(() -> Sequential.of(backend(), Shape.of(1, 28, 28), new Dense(784, 10, 1)),
                "layer 0 (Dense 784→10)", "[1, 28, 28]", "Flatten", "[784]");
    }

    @Test
    void flatVectorsGivenToACnnSayToReshape() {
        Checks.rejects(() -> Sequential.of(backend(), Shape.of(784), new Conv2D(1, 32, 3, Padding.same(), 1)),
                "layer 0 (Conv2D 1→32 3x3 same)", "[784]", "reshape", "[1, 28, 28]", "Reshape");
        // and the fix works
        Sequential ok = Sequential.of(backend(), Shape.of(784), new Reshape(Shape.of(1, 28, 28)),
                new Conv2D(1, 2, 3, Padding.same(), 1));
        assertEquals(Shape.of(2, 28, 28), ok.outputShape());
    }

    @Test
    void outputSizesOfEveryPaddingMode() {
        Shape in = Shape.of(3, 9, 8);
        assertEquals(Shape.of(4, 7, 6), new Conv2D(3, 4, 3, Padding.valid(), 1).outputShape(in));
        assertEquals(Shape.of(4, 9, 8), new Conv2D(3, 4, 3, Padding.same(), 1).outputShape(in));
        // same at stride 2: ceil(in / 2)
        assertEquals(Shape.of(4, 5, 4), Conv2D.builder(3, 4, 3).stride(2).padding(Padding.same()).build()
                .outputShape(in));
        // explicit, one side only: (9 + 2 - 5) / 2 + 1 = 4, (8 + 0 - 5) / 2 + 1 = 2
        assertEquals(Shape.of(4, 4, 2), Conv2D.builder(3, 4, 5).stride(2).padding(Padding.explicit(2, 0, 0, 0))
                .build().outputShape(in));
        assertEquals(Shape.of(3, 4, 4), new MaxPool2D(2).outputShape(in));
        assertEquals(Shape.of(3, 5, 4), new AvgPool2D(3, 2, Padding.same()).outputShape(in));
        assertEquals(Shape.of(3), new GlobalAvgPool2D().outputShape(in));
        assertEquals(Shape.of(216), new Flatten().outputShape(in));
    }

    @Test
    void batchNormTrainsOnBatchStatisticsAndInfersWithRunningOnes() {
        BatchNorm bn = new BatchNorm(2, 0.5f, 1e-5f);
        Sequential model = Sequential.of(backend(), Shape.of(2, 1, 2), bn);
        // channel 0: 1, 3, 5, 7 (mean 4, biased var 5, unbiased 20/3); channel 1: all 2 (var 0)
        Tensor x = backend().of(new float[] {1, 3, 2, 2, 5, 7, 2, 2}, 2, 2, 1, 2);
        Tensor y = model.forward(x, true);
        double s = Math.sqrt(5 + 1e-5);
        assertArrayEquals(new float[] {(float) (-3 / s), (float) (-1 / s), 0, 0, (float) (1 / s), (float) (3 / s), 0, 0},
                y.toFloatArray(), 1e-5f);
        // running = 0.5 * initial + 0.5 * batch (unbiased variance)
        assertArrayEquals(new float[] {2f, 1f}, bn.runningMean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.5f + 0.5f * 20f / 3f, 0.5f}, bn.runningVar().toFloatArray(), 1e-5f);
        List<Buffer> buffers = model.buffers();
        assertEquals(List.of("0.running_mean", "0.running_var"), buffers.stream().map(Buffer::name).toList());
        assertSame(bn.runningMean(), buffers.get(0).value());
        assertEquals(List.of("0.weight", "0.bias"), model.parameters().stream().map(p -> p.name()).toList());

        float[] before = bn.runningMean().toFloatArray();
        Tensor inferred = model.predict(x);
        float[] expected = new float[8];
        float[] xs = x.toFloatArray();
        for (int i = 0; i < 8; i++) {
            int c = (i / 2) % 2;
            double mean = c == 0 ? 2 : 1;
            double var = c == 0 ? 0.5 + 0.5 * 20 / 3.0 : 0.5;
            expected[i] = (float) ((xs[i] - mean) / Math.sqrt(var + 1e-5));
        }
        assertArrayEquals(expected, inferred.toFloatArray(), 1e-5f);
        Checks.unchanged("inference must not move the running mean", bn.runningMean(), before);
    }

    @Test
    void batchNormRefusesATrainingBatchWithOneValuePerChannel() {
        Sequential model = Sequential.of(backend(), Shape.of(3), new BatchNorm(3));
        Checks.rejects(() -> model.forward(backend().zeros(1, 3), true), "BatchNorm(3)", "at least 2 samples");
    }

    @Test
    void aCnnSavesAndLoadsAndPredictsTheSame() throws Exception {
        Sequential model = Sequential.of(backend(), Shape.of(1, 9, 9),
                Conv2D.builder(1, 4, 3).stride(2).padding(Padding.explicit(1, 0, 1, 0)).init(Initializer.heNormal(1))
                        .build(),
                new BatchNorm(4), new ReLU(), new AvgPool2D(2, 1, Padding.same()),
                Conv2D.builder(4, 3, 1).bias(false).dilation(1).init(Initializer.xavierUniform(2)).build(),
                new MaxPool2D(2), new GlobalAvgPool2D(), new Dense(3, 2, 3));
        Tensor x = backend().randomNormal(Shape.of(3, 1, 9, 9), 0f, 1f, 7);
        // Two training forwards move BatchNorm's running statistics (buffers) away from their initial 0 and 1;
        // format 2 saves them, so the loaded model must predict with the moved statistics.
        float[] initial = model.predict(x).toFloatArray();
        model.forward(x, true);
        model.forward(backend().randomNormal(Shape.of(3, 1, 9, 9), 2f, 3f, 8), true);
        float[] expected = model.predict(x).toFloatArray();
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(initial, expected),
                "the training forwards changed the running statistics");
        Path file = dir.resolve("cnn.zip");
        ModelFile.save(file, model);
        Sequential loaded = ModelFile.load(file, backend());
        assertEquals(model.summary(), loaded.summary());
        Checks.identical("predictions after save and load", expected, loaded.predict(x).toFloatArray());
        assertEquals(2, loaded.buffers().size(), "running_mean and running_var of the BatchNorm");
        Checks.identical("running mean after save and load", model.buffers().get(0).value().toFloatArray(),
                loaded.buffers().get(0).value().toFloatArray());
        Conv2D conv = (Conv2D) loaded.layers().get(0);
        assertEquals(Padding.explicit(1, 0, 1, 0), conv.padding());
        assertEquals(Shape.of(4, 1, 3, 3), conv.weight().value().shape());
    }

    @Test
    void aCnnFileFromAFutureFormatVersionIsRefusedClearly() throws Exception {
        Sequential model = Sequential.of(backend(), Shape.of(1, 6, 6), new Conv2D(1, 2, 3, Padding.same(), 1),
                new BatchNorm(2), new MaxPool2D(2), new Flatten(), new Dense(18, 2, 2));
        Path file = dir.resolve("future.zip");
        ModelFile.save(file, model);
        java.util.Map<String, byte[]> entries = ZipEdit.read(file);
        com.fasterxml.jackson.databind.node.ObjectNode description = ZipEdit.description(entries);
        description.put("formatVersion", ModelFile.FORMAT_VERSION + 7);
        ZipEdit.setDescription(entries, description);
        ZipEdit.write(file, entries);
        io.neurite.io.ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.neurite.io.ModelFileException.class, () -> ModelFile.load(file, backend()));
        assertTrue(e.getMessage().contains("newer Neurite") && e.getMessage().contains("upgrade"), e.getMessage());
    }
}
