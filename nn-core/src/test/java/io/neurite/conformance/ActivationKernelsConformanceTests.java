package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.conformance.ElementwiseCases.Input;
import io.neurite.kernel.ActivationKernels;
import io.neurite.kernel.ElementwiseFunction;
import io.neurite.nn.GELU;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The activation kernels ({@code backend.kernels().activations()}), forward and backward, for every
 * activation function of {@code io.neurite.nn} against independent double references (written here and in
 * {@link Reference}, not taken from the functions' own definitions), on ranks 1 to 4 with odd sizes and on
 * tensors large enough to be split over threads, into a fresh destination and into each operand.
 *
 * <p>Each built-in function is checked twice: as itself (the backend's fast path, where it has one) and as
 * an unrecognisable copy made with {@link ElementwiseFunction#of} from the same definitions (the generic
 * path every backend must have). SiLU has no fast path anywhere, so it always takes the generic path.
 */
public abstract class ActivationKernelsConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    /** A function, the input range to test it on, its references and tolerance. */
    record Case(String name, ElementwiseFunction function, Input input, Tolerance tolerance,
                DoubleUnaryOperator reference, DoubleUnaryOperator referenceDerivative) {
        @Override
        public String toString() {
            return name;
        }

        /** The same function that no backend can recognise: its generic path. */
        Case generic() {
            ElementwiseFunction f = function;
            return new Case(name + " (generic path)", ElementwiseFunction.of("generic-" + f.name(), f::apply,
                    f::derivative), input, tolerance, reference, referenceDerivative);
        }
    }

    static final Tolerance A = Tolerances.ARITHMETIC;
    static final Tolerance T = Tolerances.TRANSCENDENTAL;

    static List<Case> cases() {
        double slope = 0.1f;
        List<Case> builtIn = List.of(
                new Case("relu", ReLU.FUNCTION, ElementwiseCases.range(-3, 3), A,
                        x -> Math.max(x, 0), x -> x > 0 ? 1 : 0),
                new Case("leakyRelu(0.1)", new LeakyReLU(0.1f).function(), ElementwiseCases.range(-3, 3), A,
                        x -> x > 0 ? x : slope * x, x -> x > 0 ? 1 : slope),
                new Case("sigmoid", Sigmoid.FUNCTION, ElementwiseCases.range(-20, 20), T,
                        Reference::sigmoid, x -> Reference.sigmoid(x) * (1 - Reference.sigmoid(x))),
                new Case("tanh", Tanh.FUNCTION, ElementwiseCases.range(-10, 10), T,
                        Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x)),
                new Case("gelu", GELU.FUNCTION, ElementwiseCases.range(-6, 6), T,
                        Reference::gelu, Reference::geluDerivative),
                new Case("softplus", Softplus.FUNCTION, ElementwiseCases.range(-20, 20), T,
                        Reference::softplus, Reference::sigmoid),
                new Case("silu", SiLU.FUNCTION, ElementwiseCases.range(-20, 20), T,
                        x -> x * Reference.sigmoid(x),
                        x -> Reference.sigmoid(x) + x * Reference.sigmoid(x) * (1 - Reference.sigmoid(x))));
        List<Case> all = new ArrayList<>(builtIn);
        for (Case c : builtIn) {
            if (c.function() != SiLU.FUNCTION) {
                all.add(c.generic());
            }
        }
        return all;
    }

    static Stream<Arguments> casesAndShapes() {
        return cases().stream().flatMap(c -> TestData.elementwiseShapes().stream().map(s -> Arguments.of(c, s)));
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    private ActivationKernels kernels() {
        return backend().kernels().activations();
    }

    private static double[] forwardReference(Case c, float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = c.reference().applyAsDouble(x[i]);
        }
        return out;
    }

    private static double[] backwardReference(Case c, float[] x, float[] g) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = g[i] * c.referenceDerivative().applyAsDouble(x[i]);
        }
        return out;
    }

    private Tensor poisoned(Shape shape) {
        return backend().zeros(shape).fill(Float.NaN);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndShapes")
    void forwardIntoDestination(Case c, Shape shape) {
        float[] x = c.input().draw(21, shape.size());
        Tensor tx = backend().of(x, shape);
        Tensor dest = poisoned(shape);
        assertSame(dest, kernels().forward(c.function(), tx, dest), "forward must return its destination");
        Checks.close(c.name(), shape, forwardReference(c, x), dest.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name(), tx, x);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndShapes")
    void forwardInPlace(Case c, Shape shape) {
        float[] x = c.input().draw(22, shape.size());
        Tensor tx = backend().of(x, shape);
        assertSame(tx, kernels().forward(c.function(), tx, tx));
        Checks.close(c.name() + " with dest == x", shape, forwardReference(c, x), tx.toFloatArray(), c.tolerance());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndShapes")
    void backwardIntoDestination(Case c, Shape shape) {
        float[] x = c.input().draw(23, shape.size());
        float[] g = TestData.uniform(24, shape.size(), -2, 2);
        Tensor tx = backend().of(x, shape);
        Tensor tg = backend().of(g, shape);
        Tensor dest = poisoned(shape);
        assertSame(dest, kernels().backward(c.function(), tx, tg, dest), "backward must return its destination");
        Checks.close(c.name() + " backward", shape, backwardReference(c, x, g), dest.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name() + " backward", tx, x);
        Checks.unchanged(c.name() + " backward", tg, g);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndShapes")
    void backwardIntoEitherOperand(Case c, Shape shape) {
        float[] x = c.input().draw(25, shape.size());
        float[] g = TestData.uniform(26, shape.size(), -2, 2);
        double[] want = backwardReference(c, x, g);

        Tensor tx = backend().of(x, shape);
        Tensor tg = backend().of(g, shape);
        assertSame(tg, kernels().backward(c.function(), tx, tg, tg));
        Checks.close(c.name() + " backward with dest == gradOutput", shape, want, tg.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name() + " backward", tx, x);

        tx = backend().of(x, shape);
        tg = backend().of(g, shape);
        assertSame(tx, kernels().backward(c.function(), tx, tg, tx));
        Checks.close(c.name() + " backward with dest == x", shape, want, tx.toFloatArray(), c.tolerance());
        Checks.unchanged(c.name() + " backward", tg, g);
    }

    /** The functions' own scalar definitions, which the generic path runs, meet the references in double. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void definitionsMatchTheReferences(Case c) {
        Tolerance tight = new Tolerance(1e-12, 1e-12);
        for (float x : c.input().draw(27, 1001)) {
            double f = c.function().apply(x);
            double want = c.reference().applyAsDouble(x);
            assertTrue(tight.accepts(want, f), c.name() + "(" + x + ") = " + f + " but the reference is " + want);
            double df = c.function().derivative(x);
            double wantDf = c.referenceDerivative().applyAsDouble(x);
            assertTrue(tight.accepts(wantDf, df), c.name() + "'(" + x + ") = " + df + " but the reference is "
                    + wantDf);
        }
    }

    @Test
    void shapeErrorsNameTheKernelTheFunctionAndBothShapes() {
        Tensor x = backend().zeros(3, 4);
        Tensor wrong = backend().zeros(4, 3);
        Checks.rejects(() -> kernels().forward(SiLU.FUNCTION, x, wrong), "activation forward", "silu", "[3, 4]",
                "[4, 3]");
        Checks.rejects(() -> kernels().backward(ReLU.FUNCTION, x, wrong, x.newLike()), "activation backward", "relu",
                "[3, 4]", "[4, 3]");
        Checks.rejects(() -> kernels().backward(Tanh.FUNCTION, x, x.newLike(), wrong), "activation backward", "tanh",
                "[3, 4]", "[4, 3]");
    }
}
