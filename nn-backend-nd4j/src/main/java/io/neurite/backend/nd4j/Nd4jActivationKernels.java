package io.neurite.backend.nd4j;

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
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activation kernels on ND4J arrays. ReLU (both passes) and LeakyReLU are Java loops over the native
 * memory ({@link NativeKernels}): they allocate nothing, and they measured faster than libnd4j's ops for
 * ReLU's backward pass at both sizes measured (16K elements, and the CNN's 3.2M: 7.8 ms as libnd4j's op
 * against 2.1 ms) and for the forward pass at the small sizes of dense layers; for the forward pass of a 3.2M-element tensor the
 * libnd4j op was faster (0.7 against 1.5 ms) but cost 2.8 KB of garbage per call. libnd4j's op is used for
 * sigmoid and its gradient and for tanh, whose transcendentals are faster native. The other built-ins are
 * Java loops because libnd4j's op differs from the definition (see {@link Nd4jTensor}). Any other function
 * runs through the generic path: its scalar definition in double, element by element over the native memory,
 * with no copy.
 */
final class Nd4jActivationKernels implements ActivationKernels {
    private final Nd4jBackend backend;

    Nd4jActivationKernels(Nd4jBackend backend) {
        this.backend = backend;
    }

    private Nd4jTensor cast(String op, ElementwiseFunction f, Tensor t) {
        if (t instanceof Nd4jTensor n && n.backend() == backend) {
            return n;
        }
        return Nd4jTensor.cast(op + "(" + f.name() + ")", backend, t);
    }

    private static void sameShape(String op, ElementwiseFunction f, Tensor x, Tensor other) {
        if (!x.shape().equals(other.shape())) {
            ShapeChecks.same(op + "(" + f.name() + ")", x, other);
        }
    }

    @Override
    public Tensor forward(ElementwiseFunction f, Tensor x, Tensor dest) {
        java.util.Objects.requireNonNull(f, "activation forward: the function is null");
        sameShape("activation forward", f, x, dest);
        Nd4jTensor in = cast("activation forward", f, x);
        Nd4jTensor d = cast("activation forward", f, dest);
        int n = in.size();
        if (f == ReLU.FUNCTION) {
            NativeKernels.relu(in.view(), d.view(), n);
        } else if (f instanceof LeakyReLU.LeakyReluFunction leaky) {
            NativeKernels.leakyRelu(in.view(), leaky.slope(), d.view(), n);
        } else if (f == Sigmoid.FUNCTION) {
            Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(in.array, d.array));
        } else if (f == Tanh.FUNCTION) {
            Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(in.array, d.array));
        } else if (f == GELU.FUNCTION) {
            NativeKernels.gelu(in.view(), d.view(), n);
        } else if (f == Softplus.FUNCTION) {
            NativeKernels.softplus(in.view(), d.view(), n);
        } else {
            NativeKernels.forward(f, in.view(), d.view(), n);
        }
        return dest;
    }

    @Override
    public Tensor backward(ElementwiseFunction f, Tensor x, Tensor gradOutput, Tensor dest) {
        java.util.Objects.requireNonNull(f, "activation backward: the function is null");
        sameShape("activation backward", f, x, gradOutput);
        sameShape("activation backward", f, x, dest);
        Nd4jTensor in = cast("activation backward", f, x);
        Nd4jTensor g = cast("activation backward", f, gradOutput);
        Nd4jTensor d = cast("activation backward", f, dest);
        int n = in.size();
        if (f == ReLU.FUNCTION) {
            NativeKernels.reluBackward(in.view(), g.view(), d.view(), n);
        } else if (f instanceof LeakyReLU.LeakyReluFunction leaky) {
            NativeKernels.leakyReluBackward(in.view(), leaky.slope(), g.view(), d.view(), n);
        } else if (f == Sigmoid.FUNCTION) {
            Nd4j.getExecutioner().exec(new SigmoidDerivative(in.array, g.array, d.array));
        } else if (f == Tanh.FUNCTION) {
            NativeKernels.tanhBackward(in.view(), g.view(), d.view(), n);
        } else if (f == GELU.FUNCTION) {
            NativeKernels.geluBackward(in.view(), g.view(), d.view(), n);
        } else {
            NativeKernels.backward(f, in.view(), g.view(), d.view(), n);
        }
        return dest;
    }
}
