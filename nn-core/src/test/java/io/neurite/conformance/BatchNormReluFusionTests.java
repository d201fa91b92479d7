package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.check.GradientCheck;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Sequential} runs a {@link BatchNorm} directly followed by a {@link ReLU} as one fused pass: the model
 * must give what the two layers give when run one after the other (outputs, input gradients, parameter
 * gradients, running statistics, inference), its gradients must pass a central-difference check, and what the
 * user built (layers, parameter names, summary) must stay the two layers.
 */
public abstract class BatchNormReluFusionTests {

    protected abstract Backend backend();

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(Shape.of(3, 17, 5, 7)),
                Arguments.of(Shape.of(1, 1, 28, 28)),
                Arguments.of(Shape.of(3, 17)),
                Arguments.of(Shape.of(4, 32, 14, 14)));
    }

    private static Shape perSample(Shape s) {
        int[] d = new int[s.rank() - 1];
        System.arraycopy(s.dims(), 1, d, 0, d.length);
        return Shape.of(d);
    }

    private static void setParameters(BatchNorm bn, long seed) {
        int c = bn.channels();
        float[] gamma = new SeededRandom(seed).normal(c, 1f, 0.5f);
        float[] beta = new SeededRandom(seed + 1).normal(c, 0f, 0.5f);
        bn.parameters().get(0).value().copyFrom(gamma);
        bn.parameters().get(1).value().copyFrom(beta);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void theFusedPairGivesWhatTheTwoLayersGiveOneAfterTheOther(Shape s) {
        int c = s.dim(1);
        BatchNorm fusedBn = new BatchNorm(c);
        Sequential model = Sequential.of(backend(), perSample(s), fusedBn, new ReLU());
        BatchNorm bn = new BatchNorm(c);
        ReLU relu = new ReLU();
        bn.build(backend(), perSample(s));
        setParameters(fusedBn, 61);
        setParameters(bn, 61);
        Tensor x = backend().randomNormal(s, 0.3f, 2f, 62);
        Tensor dy = backend().randomNormal(s, 0f, 1f, 63);
        Tolerance tight = new Tolerance(1e-6, 1e-6);

        for (int step = 0; step < 2; step++) { // twice: the running statistics and the reused buffers move on
            model.zeroGrad();
            bn.parameters().forEach(Parameter::zeroGrad);
            float[] yFused = model.forward(x, true).toFloatArray();
            float[] dxFused = model.backward(dy).toFloatArray();
            Tensor yTwo = relu.forward(bn.forward(x, true), true);
            float[] dxTwo = bn.backward(relu.backward(dy)).toFloatArray();
            String what = s + " step " + step;
            Checks.close("training output of " + what, s, doubles(yTwo.toFloatArray()), yFused, tight);
            Checks.close("input gradient of " + what, s, doubles(dxTwo), dxFused, tight);
            for (int p = 0; p < 2; p++) {
                Tensor expected = bn.parameters().get(p).grad();
                Checks.close("gradient of " + bn.parameters().get(p).name() + " of " + what, expected.shape(),
                        doubles(expected.toFloatArray()), fusedBn.parameters().get(p).grad().toFloatArray(), tight);
            }
            Checks.close("running mean of " + what, Shape.of(c), doubles(bn.runningMean().toFloatArray()),
                    fusedBn.runningMean().toFloatArray(), tight);
            Checks.close("running variance of " + what, Shape.of(c), doubles(bn.runningVar().toFloatArray()),
                    fusedBn.runningVar().toFloatArray(), tight);
            int zeros = 0;
            for (float v : yFused) {
                zeros += v == 0f ? 1 : 0;
            }
            assertTrue(zeros > 0 && zeros < yFused.length, "the ReLU must cut some outputs but not all: " + zeros);
        }
        float[] predicted = model.predict(x).toFloatArray();
        float[] twoLayers = relu.forward(bn.forward(x, false), false).toFloatArray();
        Checks.close("inference on " + s, s, doubles(twoLayers), predicted, tight);
    }

    /** Values {@code ±0.5 .. ±2} around each channel's own offset in pairs: pre-activations stay off ReLU's kink. */
    private Tensor offTheKink(Shape s) {
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        float[] v = new float[s.size()];
        int[] seen = new int[c];
        for (int i = 0; i < v.length; i++) {
            int ch = (i / plane) % c;
            int j = seen[ch]++;
            v[i] = ch + (j % 2 == 0 ? 1 : -1) * (0.5f + 0.5f * ((j / 2) % 4));
        }
        return backend().of(v, s);
    }

    @Test
    void gradientCheckOfTheFusedPairOnImages() {
        Shape s = Shape.of(4, 3, 2, 3);
        Sequential model = Sequential.of(backend(), perSample(s), new BatchNorm(3), new ReLU());
        BatchNorm bn = (BatchNorm) model.layers().get(0);
        bn.parameters().get(0).value().copyFrom(new float[] {1.5f, -0.7f, 1.2f});
        bn.parameters().get(1).value().copyFrom(new float[] {0.05f, -0.05f, 0.1f});
        GradientCheck.Result r = GradientCheck.layer(model, offTheKink(s));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void gradientCheckOfTheFusedPairOnVectors() {
        Shape s = Shape.of(8, 5);
        Sequential model = Sequential.of(backend(), perSample(s), new BatchNorm(5), new ReLU());
        BatchNorm bn = (BatchNorm) model.layers().get(0);
        bn.parameters().get(0).value().copyFrom(new float[] {1.5f, -0.7f, 1.2f, 0.8f, -1f});
        bn.parameters().get(1).value().copyFrom(new float[] {0.05f, -0.05f, 0.1f, 0f, 0.02f});
        GradientCheck.Result r = GradientCheck.layer(model, offTheKink(s));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void theModelStillShowsTheTwoLayers() {
        Sequential model = Sequential.of(backend(), Shape.of(4, 3, 3), new BatchNorm(4), new ReLU());
        List<Layer> layers = model.layers();
        assertEquals(2, layers.size());
        assertTrue(layers.get(0) instanceof BatchNorm && layers.get(1) instanceof ReLU, layers::toString);
        assertEquals(List.of("0.weight", "0.bias"), model.parameters().stream().map(Parameter::name).toList());
        String summary = model.summary();
        assertTrue(summary.contains("BatchNorm(4)") && summary.contains("ReLU"), summary);
    }

    @Test
    void theBatchNormAloneCannotBackPropagateAFusedForward() {
        Sequential model = Sequential.of(backend(), Shape.of(2, 3, 3), new BatchNorm(2), new ReLU());
        Tensor x = backend().randomNormal(Shape.of(3, 2, 3, 3), 0f, 1f, 64);
        Tensor y = model.forward(x, true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.layers().get(0).backward(y));
        assertTrue(e.getMessage().contains("fused with the ReLU"), e.getMessage());
    }

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
