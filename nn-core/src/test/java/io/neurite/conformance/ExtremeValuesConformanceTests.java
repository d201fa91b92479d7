package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.kernel.ElementwiseFunction;
import io.neurite.nn.GELU;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Numerical stability at extreme inputs (±1000, where {@code exp} overflows float and double): the
 * activations, softplus, softmax and log-softmax must give their limits, never NaN or a spurious infinity.
 */
public abstract class ExtremeValuesConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    private static final float[] EXTREMES = {-1000f, -200f, -88.8f, -30f, -1f, -0f, 0f, 1f, 30f, 88.8f, 200f, 1000f};

    private void check(String op, UnaryOperator<Tensor> f, DoubleUnaryOperator reference) {
        Tensor x = backend().of(EXTREMES, Shape.of(EXTREMES.length));
        float[] got = f.apply(x).toFloatArray();
        double[] want = new double[EXTREMES.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = reference.applyAsDouble(EXTREMES[i]);
            assertFalse(Float.isNaN(got[i]), op + "(" + EXTREMES[i] + ") is NaN");
        }
        Checks.close(op + " at extreme inputs", x.shape(), want, got, Tolerances.TRANSCENDENTAL);
    }

    private static Tensor forward(ElementwiseFunction f, Tensor x) {
        return x.backend().kernels().activations().forward(f, x, x.newLike());
    }

    private static Tensor backward(ElementwiseFunction f, Tensor x, Tensor gradOutput) {
        return x.backend().kernels().activations().backward(f, x, gradOutput, x.newLike());
    }

    @Test
    void siluAndItsDerivativeAtTheTails() {
        Tensor ones = backend().full(Shape.of(EXTREMES.length), 1f);
        check("silu", x -> forward(SiLU.FUNCTION, x), x -> x * Reference.sigmoid(x));
        check("siluBackward", x -> backward(SiLU.FUNCTION, x, ones),
                x -> Reference.sigmoid(x) * (1 + x * (1 - Reference.sigmoid(x))));
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        check("sigmoid", x -> forward(Sigmoid.FUNCTION, x), Reference::sigmoid);
    }

    @Test
    void sigmoidBackwardVanishesAtTheTails() {
        Tensor ones = backend().full(Shape.of(EXTREMES.length), 1f);
        check("sigmoidBackward", x -> backward(Sigmoid.FUNCTION, x, ones),
                x -> Reference.sigmoid(x) * (1 - Reference.sigmoid(x)));
    }

    @Test
    void tanhAndItsDerivativeSaturate() {
        Tensor ones = backend().full(Shape.of(EXTREMES.length), 1f);
        check("tanh", x -> forward(Tanh.FUNCTION, x), Math::tanh);
        check("tanhBackward", x -> backward(Tanh.FUNCTION, x, ones), x -> 1 - Math.tanh(x) * Math.tanh(x));
    }

    @Test
    void softplusIsLinearForLargeAndZeroForVeryNegativeInputs() {
        check("softplus", x -> forward(Softplus.FUNCTION, x), Reference::softplus);
        Tensor x = backend().of(new float[] {1000f, -1000f}, Shape.of(2));
        float[] s = forward(Softplus.FUNCTION, x).toFloatArray();
        assertEquals(1000f, s[0], "softplus(1000)");
        assertEquals(0f, s[1], "softplus(-1000)");
    }

    @Test
    void geluAndItsDerivativeAtTheTails() {
        Tensor ones = backend().full(Shape.of(EXTREMES.length), 1f);
        check("gelu", x -> forward(GELU.FUNCTION, x), Reference::gelu);
        check("geluBackward", x -> backward(GELU.FUNCTION, x, ones), Reference::geluDerivative);
    }

    @Test
    void expAndLogAtTheirLimits() {
        Tensor x = backend().of(new float[] {-1000f, 0f, 1000f}, Shape.of(3));
        float[] e = x.exp().toFloatArray();
        assertEquals(0f, e[0], "exp(-1000)");
        assertEquals(1f, e[1], "exp(0)");
        assertEquals(Float.POSITIVE_INFINITY, e[2], "exp(1000) overflows float");
        float[] l = backend().of(new float[] {0f, 1f, -1f}, Shape.of(3)).log().toFloatArray();
        assertEquals(Float.NEGATIVE_INFINITY, l[0], "log(0)");
        assertEquals(0f, l[1], "log(1)");
        assertTrue(Float.isNaN(l[2]), "log(-1) is NaN");
    }

    @Test
    void softmaxAndLogSoftmaxOfHugeLogits() {
        float[] x = {
            1000f, -1000f, 0f,          // one dominant logit
            -1000f, -1000f, -1000f,     // all very negative: uniform, not 0/0
            1000f, 1000f, -1000f,       // two tied dominant logits
            88.8f, 89.0f, -200f};       // near exp's float overflow
        Shape shape = Shape.of(4, 3);
        Tensor t = backend().of(x, shape);
        float[] soft = t.softmaxRows().toFloatArray();
        float[] logSoft = t.logSoftmaxRows().toFloatArray();
        for (int i = 0; i < x.length; i++) {
            assertFalse(Float.isNaN(soft[i]) || Float.isInfinite(soft[i]),
                    "softmaxRows element " + i + " is " + soft[i]);
            assertFalse(Float.isNaN(logSoft[i]) || Float.isInfinite(logSoft[i]),
                    "logSoftmaxRows element " + i + " is " + logSoft[i]);
        }
        Checks.close("softmaxRows at ±1000", shape, Reference.softmaxRows(x, 4, 3), soft, Tolerances.ROW_WISE);
        Checks.close("logSoftmaxRows at ±1000", shape, Reference.logSoftmaxRows(x, 4, 3), logSoft,
                Tolerances.ROW_WISE);
        assertEquals(-2000f, logSoft[1], 1e-3f, "logSoftmax of -1000 beside 1000");
    }
}
