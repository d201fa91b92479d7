package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.check.GradientCheck;
import io.neurite.data.OneHot;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.AvgPool2D;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Flatten;
import io.neurite.nn.GlobalAvgPool2D;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Padding;
import io.neurite.nn.Parameter;
import io.neurite.nn.Tanh;
import io.neurite.nn.Reshape;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Central-difference gradient checks for the image layers (Conv2D in several geometries, max and average
 * pooling, global average pooling, Flatten, Reshape, BatchNorm on [N, C] and [N, C, H, W], Dropout on rank
 * 4) and for a small whole CNN, on a backend; one deliberately wrong gradient proves the check can fail.
 */
public abstract class ConvLayersGradientCheckTests {

    protected abstract Backend backend();

    private Tensor normal(Shape s, long seed) {
        return backend().randomNormal(s, 0f, 1f, seed);
    }

    /**
     * Distinct values 0.05 apart in a seeded random order: no two elements of a max-pooling window lie within
     * the check's ε of each other, so the maximum never changes under a perturbation.
     */
    private Tensor distinct(Shape s, long seed) {
        int n = s.size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * 0.05f;
        }
        SeededRandom r = new SeededRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (r.nextDouble() * (i + 1));
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return backend().of(v, s);
    }

    private <L extends Layer> L built(L layer, int... perSample) {
        layer.build(backend(), Shape.of(perSample));
        return layer;
    }

    private static void assertPasses(GradientCheck.Result result) {
        assertTrue(result.passed(), result::toString);
    }

    private void conv(Conv2D conv, int batch, int c, int h, int w) {
        built(conv, c, h, w);
        if (conv.hasBias()) {
            conv.bias().value().copyFrom(normal(conv.bias().value().shape(), 99).toFloatArray());
        }
        assertPasses(GradientCheck.layer(conv, normal(Shape.of(batch, c, h, w), 1)));
    }

    @Test
    void conv3x3Same() {
        conv(Conv2D.builder(2, 3, 3).padding(Padding.same()).init(Initializer.heNormal(2)).build(), 2, 2, 5, 6);
    }

    @Test
    void conv1x1OneChannelBatchOne() {
        conv(Conv2D.builder(1, 2, 1).init(Initializer.xavierUniform(3)).build(), 1, 1, 4, 3);
    }

    @Test
    void conv5x5Stride2PaddedOnOneSideWithoutBias() {
        conv(Conv2D.builder(3, 2, 5).stride(2).padding(Padding.explicit(2, 0, 0, 2)).bias(false)
                .init(Initializer.heUniform(4)).build(), 3, 3, 7, 8);
    }

    @Test
    void convDilated() {
        conv(Conv2D.builder(2, 2, 3, 2).dilation(2).padding(Padding.same()).init(Initializer.heNormal(5)).build(), 2,
                2, 7, 6);
    }

    @Test
    void maxPool() {
        MaxPool2D pool = new MaxPool2D(2);
        assertPasses(GradientCheck.layer(pool, distinct(Shape.of(2, 3, 6, 5), 6)));
    }

    @Test
    void maxPoolOverlappingAndPadded() {
        MaxPool2D pool = new MaxPool2D(3, 2, Padding.explicit(1, 0, 0, 1));
        assertPasses(GradientCheck.layer(pool, distinct(Shape.of(2, 2, 7, 6), 7)));
    }

    @Test
    void avgPool() {
        AvgPool2D pool = new AvgPool2D(3, 2, Padding.same());
        assertPasses(GradientCheck.layer(pool, normal(Shape.of(2, 3, 7, 6), 8)));
    }

    @Test
    void globalAvgPool() {
        assertPasses(GradientCheck.layer(new GlobalAvgPool2D(), normal(Shape.of(3, 4, 5, 3), 9)));
    }

    @Test
    void flattenAndReshape() {
        assertPasses(GradientCheck.layer(new Flatten(), normal(Shape.of(2, 3, 4, 2), 10)));
        assertPasses(GradientCheck.layer(new Reshape(Shape.of(2, 3, 4)), normal(Shape.of(2, 24), 11)));
    }

    @Test
    void batchNormOnImages() {
        BatchNorm bn = built(new BatchNorm(3), 3, 4, 5);
        bn.parameters().get(0).value().copyFrom(new float[] {1.5f, -0.5f, 2f});
        bn.parameters().get(1).value().copyFrom(new float[] {0.1f, 0.2f, -0.3f});
        assertPasses(GradientCheck.layer(bn, normal(Shape.of(3, 3, 4, 5), 12).scaleInPlace(2f).addScalarInPlace(1f)));
    }

    @Test
    void batchNormOnVectors() {
        BatchNorm bn = built(new BatchNorm(5), 5);
        assertPasses(GradientCheck.layer(bn, normal(Shape.of(6, 5), 13)));
    }

    @Test
    void dropoutOnImages() {
        Dropout dropout = new Dropout(0.3f, 14);
        dropout.holdMask(true);
        assertPasses(GradientCheck.layer(dropout, normal(Shape.of(2, 3, 4, 4), 15)));
    }

    private Sequential smallCnn() {
        return Sequential.of(backend(), Shape.of(1, 8, 8),
                Conv2D.builder(1, 3, 3).padding(Padding.same()).init(Initializer.heNormal(20)).build(),
                new BatchNorm(3), new Tanh(), new AvgPool2D(2), // smooth: BN centres values on ReLU's kink
                Conv2D.builder(3, 4, 3).init(Initializer.heNormal(21)).build(), new Flatten(),
                new Dense(16, 3, Initializer.xavierNormal(22)));
    }

    @Test
    void wholeCnnWithALoss() {
        Sequential model = smallCnn();
        Tensor target = OneHot.of(backend(), new int[] {0, 2, 1, 2}, 3);
        assertPasses(GradientCheck.model(model, new SoftmaxCrossEntropy(), normal(Shape.of(4, 1, 8, 8), 23), target));
    }

    @Test
    void theCheckCatchesAConvolutionWhoseWeightGradientIsScaled() {
        Conv2D conv = built(Conv2D.builder(2, 2, 3).init(Initializer.heNormal(24)).build(), 2, 5, 5);
        Layer wrong = new Layer() {
            @Override
            public Shape outputShape(Shape in) {
                return conv.outputShape(in);
            }

            @Override
            public Tensor forward(Tensor input, boolean training) {
                return conv.forward(input, training);
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                Parameter w = conv.weight();
                Tensor before = w.grad().copy();
                Tensor g = conv.backward(gradOutput);
                // the new contribution 3% too large
                w.grad().subInPlace(before).scaleInPlace(1.03f).addInPlace(before);
                return g;
            }

            @Override
            public java.util.List<Parameter> parameters() {
                return conv.parameters();
            }

            @Override
            public String toString() {
                return "wrong " + conv;
            }
        };
        assertFalse(GradientCheck.layer(wrong, normal(Shape.of(2, 2, 5, 5), 25)).passed());
    }
}
