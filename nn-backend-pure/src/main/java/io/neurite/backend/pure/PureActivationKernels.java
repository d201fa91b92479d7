package io.neurite.backend.pure;

import io.neurite.kernel.ActivationKernels;
import io.neurite.kernel.ElementwiseFunction;
import io.neurite.nn.GELU;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;

/**
 * The activation kernels on {@code float[]}: a fast path for the built-in functions (the loops of
 * {@link ScalarKernels}, or their SIMD overrides in {@code VectorKernels}; transcendentals stay scalar there,
 * see its Javadoc), and for any other function the generic path, its scalar definition evaluated in double
 * over the array. Both split large tensors over the backend's workers ({@link SplitPolicy}): at the grain of
 * memory-bound operations for the piecewise-linear functions, at that of transcendental ones for everything else (the generic
 * path pays a call per element on top of the function itself).
 *
 * <p>A new fast path is one branch in {@link #forwardRange} (and {@link #backwardRange}) calling a loop
 * written here or in {@code ScalarKernels}.
 */
final class PureActivationKernels implements ActivationKernels {
    private final PureBackend backend;

    PureActivationKernels(PureBackend backend) {
        this.backend = backend;
    }

    private float[] data(String op, ElementwiseFunction f, Tensor t) {
        if (t instanceof PureTensor p && p.backend() == backend) {
            return p.data;
        }
        PureTensor.cast(op + "(" + f.name() + ")", backend, t);
        throw new IllegalStateException("unreachable: cast accepted " + t);
    }

    /** Same shape as {@code x}, checked without building a message on the good path. */
    private static void sameShape(String op, ElementwiseFunction f, Tensor x, Tensor other) {
        if (!x.shape().equals(other.shape())) {
            ShapeChecks.same(op + "(" + f.name() + ")", x, other);
        }
    }

    private static boolean cheap(ElementwiseFunction f) {
        return f == ReLU.FUNCTION || f instanceof LeakyReLU.LeakyReluFunction;
    }

    @Override
    public Tensor forward(ElementwiseFunction f, Tensor x, Tensor dest) {
        java.util.Objects.requireNonNull(f, "activation forward: the function is null");
        sameShape("activation forward", f, x, dest);
        float[] xs = data("activation forward", f, x);
        float[] d = data("activation forward", f, dest);
        int grain = backend.split().grain(cheap(f) ? SplitPolicy.Cost.STREAM : SplitPolicy.Cost.TRANSCENDENTAL);
        if (backend.serial(d.length, grain)) {
            forwardRange(f, xs, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, grain, (from, to) -> forwardRange(f, xs, d, from, to));
        }
        return dest;
    }

    @Override
    public Tensor backward(ElementwiseFunction f, Tensor x, Tensor gradOutput, Tensor dest) {
        java.util.Objects.requireNonNull(f, "activation backward: the function is null");
        sameShape("activation backward", f, x, gradOutput);
        sameShape("activation backward", f, x, dest);
        float[] xs = data("activation backward", f, x);
        float[] g = data("activation backward", f, gradOutput);
        float[] d = data("activation backward", f, dest);
        int grain = backend.split().grain(cheap(f) ? SplitPolicy.Cost.STREAM : SplitPolicy.Cost.TRANSCENDENTAL);
        if (backend.serial(d.length, grain)) {
            backwardRange(f, xs, g, d, 0, d.length);
        } else {
            backend.parallelElements(d.length, grain, (from, to) -> backwardRange(f, xs, g, d, from, to));
        }
        return dest;
    }

    private void forwardRange(ElementwiseFunction f, float[] x, float[] d, int from, int to) {
        ScalarKernels k = backend.kernels;
        if (f == ReLU.FUNCTION) {
            k.relu(x, d, from, to);
        } else if (f instanceof LeakyReLU.LeakyReluFunction leaky) {
            k.leakyRelu(x, leaky.slope(), d, from, to);
        } else if (f == Sigmoid.FUNCTION) {
            k.sigmoid(x, d, from, to);
        } else if (f == Tanh.FUNCTION) {
            k.tanh(x, d, from, to);
        } else if (f == GELU.FUNCTION) {
            k.gelu(x, d, from, to);
        } else if (f == Softplus.FUNCTION) {
            k.softplus(x, d, from, to);
        } else {
            genericForward(f, x, d, from, to);
        }
    }

    private void backwardRange(ElementwiseFunction f, float[] x, float[] g, float[] d, int from, int to) {
        ScalarKernels k = backend.kernels;
        if (f == ReLU.FUNCTION) {
            k.reluBackward(x, g, d, from, to);
        } else if (f instanceof LeakyReLU.LeakyReluFunction leaky) {
            k.leakyReluBackward(leaky.slope(), x, g, d, from, to);
        } else if (f == Sigmoid.FUNCTION) {
            k.sigmoidBackward(x, g, d, from, to);
        } else if (f == Tanh.FUNCTION) {
            k.tanhBackward(x, g, d, from, to);
        } else if (f == GELU.FUNCTION) {
            k.geluBackward(x, g, d, from, to);
        } else {
            genericBackward(f, x, g, d, from, to);
        }
    }

    /** {@code d = f(x)} from the function's scalar definition; reads {@code x[i]} before writing {@code d[i]}. */
    static void genericForward(ElementwiseFunction f, float[] x, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = (float) f.apply(x[i]);
        }
    }

    /** {@code d = g * f'(x)}, the product in double, rounded once. */
    static void genericBackward(ElementwiseFunction f, float[] x, float[] g, float[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            d[i] = (float) (g[i] * f.derivative(x[i]));
        }
    }
}
