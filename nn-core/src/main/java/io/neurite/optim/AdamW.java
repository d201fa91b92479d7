package io.neurite.optim;

import io.neurite.kernel.AdamStep;
import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.ConstantSchedule;
import io.neurite.optim.schedule.LearningRateSchedule;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization",
 * ICLR), as PyTorch's {@code torch.optim.AdamW}: the parameters shrink directly instead of through the
 * gradient, so the decay is not rescaled by Adam's per-weight step sizes. At step {@code t = 1, 2, ...}:
 *
 * <pre>
 *   p = p * (1 - lr * wd)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * As in PyTorch the decay is multiplied by the current {@code lr}, i.e. the paper's schedule multiplier
 * {@code eta_t} is folded into {@code lr}. State slots: {@code exp_avg}, {@code exp_avg_sq}. Defaults:
 * {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code eps = 1e-8}, {@code wd = 0.01}. The decay skips the
 * parameters whose {@link Parameter#decay()} is false (biases).
 */
public final class AdamW extends AbstractAdam<AdamW> {

    /**
     * @param lr          the learning rate
     * @param beta1       {@code 0 <= beta1 < 1}
     * @param beta2       {@code 0 <= beta2 < 1}
     * @param eps         {@code > 0}
     * @param weightDecay {@code >= 0}, decoupled; each step multiplies the weights by {@code 1 - lr * wd}
     */
    public AdamW(LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay) {
        super("adamw", lr, beta1, beta2, eps, weightDecay, " (usual values 1e-4 to 0.1)");
    }

    /** AdamW with a constant rate and PyTorch's defaults ({@code wd = 0.01}). */
    public AdamW(double lr) {
        this(new ConstantSchedule(Arguments.learningRate("adamw", "learning rate", lr)), 0.9, 0.999, 1e-8, 0.01);
    }

    @Override
    AdamW copy(LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    protected void beforeStep(double lr, long step) {
        if (lr * weightDecay() > 1) {
            throw new IllegalStateException("adamw: lr * weightDecay is " + lr + " * " + weightDecay() + " > 1 at step "
                    + step + ", which would flip the sign of every weight; lower the weight decay or the rate");
        }
    }

    @Override
    AdamStep coefficientsOf(float lr, long step, double decay) {
        return AdamStep.of(beta1(), beta2(), eps(), lr, step, 0, 1 - (double) lr * decay);
    }
}
