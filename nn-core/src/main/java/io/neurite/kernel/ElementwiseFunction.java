package io.neurite.kernel;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A scalar function {@code f} and its derivative, applied element by element by
 * {@link ActivationKernels}. The two methods are the <em>definition</em>: plain Java in double precision,
 * read as the reference that every backend's kernel must meet (to float rounding). A layer that defines its
 * activation this way runs on every backend with no backend code at all; a backend may also recognise a
 * function it has a faster loop for (the built-in activations) and use that instead.
 *
 * <p>Implementations must be pure (no state, no side effects) and thread-safe: a backend may evaluate them
 * from several worker threads at once, in any order. Backends recognise a function by identity or by its
 * class, so a function with parameters (LeakyReLU's slope) is a value object of its own class.
 */
public interface ElementwiseFunction {

    /** A short name for messages and benchmarks: {@code "relu"}, {@code "silu"}. */
    String name();

    /** {@code f(x)}. */
    double apply(double x);

    /** {@code f'(x)}; where {@code f} has a kink, the value the layer documents (ReLU takes 0 at 0). */
    double derivative(double x);

    /**
     * A function from its two definitions, e.g. {@code ElementwiseFunction.of("softsign", x -> x / (1 + Math.abs(x)),
     * x -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))))}. Backends have no fast path for it: it runs through
     * their generic path. Keep the returned object in a {@code static final} field and reuse it.
     */
    static ElementwiseFunction of(String name, DoubleUnaryOperator apply, DoubleUnaryOperator derivative) {
        return new Scalar(name, apply, derivative);
    }

    /** The function {@link #of} returns. */
    record Scalar(String name, DoubleUnaryOperator function, DoubleUnaryOperator derivativeFunction)
            implements ElementwiseFunction {
        public Scalar {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(derivativeFunction, "derivativeFunction");
        }

        @Override
        public double apply(double x) {
            return function.applyAsDouble(x);
        }

        @Override
        public double derivative(double x) {
            return derivativeFunction.applyAsDouble(x);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
