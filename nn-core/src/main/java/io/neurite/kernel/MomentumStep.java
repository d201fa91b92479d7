package io.neurite.kernel;

/**
 * The coefficients of one SGD-with-momentum update of one parameter (PyTorch's {@code torch.optim.SGD}
 * with {@code momentum > 0}), so that every backend's kernel does the same float arithmetic. For each
 * element, in this order:
 *
 * <pre>
 *   d = g + l2 * p                                   (coupled L2 weight decay; 0 for none)
 *   b = first ? d : momentum * b + keep * d          (keep = 1 - dampening)
 *   u = nesterov ? d + momentum * b : b
 *   p = p - lr * u
 * </pre>
 *
 * {@code first} is true on the parameter's first update, when the buffer {@code b} is set to {@code d}.
 */
public record MomentumStep(float lr, float momentum, float keep, float l2, boolean nesterov, boolean first) {
}
