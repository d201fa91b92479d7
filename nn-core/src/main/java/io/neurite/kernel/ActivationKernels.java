package io.neurite.kernel;

import io.neurite.tensor.Tensor;

/**
 * The activation kernel family: any {@link ElementwiseFunction} applied element by element, forward and
 * backward. Reached through {@code backend.kernels().activations()}; layers and losses call it, users call
 * the layers.
 *
 * <p>Every backend runs <em>any</em> function through its generic path (the function's own scalar
 * definition over the elements), and may run a function it recognises through a fast path (SIMD loops,
 * native ops) that meets the same definition to float rounding. Adding an activation is therefore one
 * layer that defines its function; a fast path is one more branch per backend, where speed asks for it.
 *
 * <p>Contract of both methods: every tensor has the same shape and belongs to this backend; {@code dest}
 * may be {@code x} or {@code gradOutput} (each element is read before it is written); the result is
 * written into {@code dest}, which is returned; nothing is allocated. Shape errors name the kernel, both
 * shapes and a fix.
 */
public interface ActivationKernels {

    /** {@code dest = f(x)}. */
    Tensor forward(ElementwiseFunction f, Tensor x, Tensor dest);

    /** {@code dest = gradOutput * f'(x)}, where {@code x} is the forward pass's input. */
    Tensor backward(ElementwiseFunction f, Tensor x, Tensor gradOutput, Tensor dest);
}
