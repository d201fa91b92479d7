package io.neurite.conformance;

import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * The table of element-wise operations the kit checks: each with its double reference, its input range
 * and its tolerance. Adding an element-wise op to {@link Tensor} means adding a line here. (Activation
 * functions are kernels, not Tensor ops: {@link ActivationKernelsConformanceTests} covers them.)
 */
final class ElementwiseCases {
    private ElementwiseCases() {
    }

    /** Draws an input of {@code n} elements from a seed. */
    interface Input {
        float[] draw(long seed, int n);
    }

    /** An operation on three tensors: {@code x.op(y, dest)}. */
    interface TensorOp3 {
        Tensor apply(Tensor x, Tensor y, Tensor dest);
    }

    static Input range(double low, double high) {
        return (seed, n) -> TestData.uniform(seed, n, low, high);
    }

    static Input nonZero(double low, double high) {
        return (seed, n) -> TestData.awayFromZero(seed, n, low, high);
    }

    /**
     * {@code dest = f(x)}. {@code plain} is the allocating verb, or null if the op has none.
     */
    record Unary(String name, Input input, Tolerance tolerance, DoubleUnaryOperator reference,
                 BiFunction<Tensor, Tensor, Tensor> intoDest, Function<Tensor, Tensor> plain) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * {@code dest = f(x, y)}; for the activation derivatives {@code x} is the forward input and {@code y}
     * the output gradient. {@code plain} may be null.
     */
    record Binary(String name, Input x, Input y, Tolerance tolerance, DoubleBinaryOperator reference,
                  TensorOp3 intoDest, BiFunction<Tensor, Tensor, Tensor> plain) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Tolerance A = Tolerances.ARITHMETIC;
    static final Tolerance T = Tolerances.TRANSCENDENTAL;

    static final List<Unary> UNARY = List.of(
            new Unary("scale(-1.7)", range(-2, 2), A, x -> x * (float) -1.7,
                    (x, d) -> x.scale(-1.7f, d), x -> x.scale(-1.7f)),
            new Unary("addScalar(0.3)", range(-2, 2), A, x -> x + (double) 0.3f,
                    (x, d) -> x.addScalar(0.3f, d), x -> x.addScalar(0.3f)),
            new Unary("clamp(-0.5, 0.7)", range(-2, 2), A, x -> Math.min(Math.max(x, (double) -0.5f), (double) 0.7f),
                    (x, d) -> x.clamp(-0.5f, 0.7f, d), x -> x.clamp(-0.5f, 0.7f)),
            new Unary("maxScalar(0.2)", range(-2, 2), A, x -> Math.max(x, (double) 0.2f),
                    (x, d) -> x.maxScalar(0.2f, d), x -> x.maxScalar(0.2f)),
            new Unary("exp", range(-10, 10), T, Math::exp, Tensor::exp, Tensor::exp),
            new Unary("log", range(1e-3, 100), T, Math::log, Tensor::log, Tensor::log),
            new Unary("sqrt", range(0, 100), A, Math::sqrt, Tensor::sqrt, Tensor::sqrt),
            new Unary("square", range(-3, 3), A, x -> x * x, Tensor::square, Tensor::square),
            new Unary("abs", range(-3, 3), A, Math::abs, Tensor::abs, Tensor::abs));

    static final List<Binary> BINARY = List.of(
            new Binary("add", range(-2, 2), range(-2, 2), A, Double::sum, Tensor::add, Tensor::add),
            new Binary("sub", range(-2, 2), range(-2, 2), A, (x, y) -> x - y, Tensor::sub, Tensor::sub),
            new Binary("mul", range(-2, 2), range(-2, 2), A, (x, y) -> x * y, Tensor::mul, Tensor::mul),
            new Binary("div", range(-2, 2), nonZero(0.25, 4), A, (x, y) -> x / y, Tensor::div, Tensor::div));
}
