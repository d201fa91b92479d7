package io.neurite.optim;

import io.neurite.kernel.AdamStep;
import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.ConstantSchedule;
import io.neurite.optim.schedule.LearningRateSchedule;

/**
 * Adam (Kingma &amp; Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR), with bias correction,
 * as PyTorch's {@code torch.optim.Adam} (without amsgrad). At step {@code t = 1, 2, ...}:
 *
 * <pre>
 *   g = g + wd * p                                    (if wd != 0: coupled L2, see {@link AdamW} instead)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * which is {@code p - lr * mHat / (sqrt(vHat) + eps)} with the bias-corrected moments
 * {@code mHat = m / (1 - beta1^t)}, {@code vHat = v / (1 - beta2^t)}. {@code t} is the optimizer's step count
 * ({@link #iterations()} + 1), shared by all parameters. State slots: {@code exp_avg} (m) and
 * {@code exp_avg_sq} (v). Defaults: {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code eps = 1e-8}. Weight
 * decay skips the parameters whose {@link Parameter#decay()} is false (biases).
 */
public final class Adam extends AbstractAdam<Adam> {

    /**
     * @param lr          the learning rate ({@code 1e-3} is the paper's default)
     * @param beta1       {@code 0 <= beta1 < 1}, decay of the first moment
     * @param beta2       {@code 0 <= beta2 < 1}, decay of the second moment
     * @param eps         {@code > 0}
     * @param weightDecay {@code >= 0}, coupled L2 added to the gradient
     */
    public Adam(LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay) {
        super("adam", lr, beta1, beta2, eps, weightDecay, " (for decoupled weight decay use AdamW)");
    }

    /** Adam with a constant rate and the paper's defaults. */
    public Adam(double lr) {
        this(new ConstantSchedule(Arguments.learningRate("adam", "learning rate", lr)), 0.9, 0.999, 1e-8, 0);
    }

    @Override
    Adam copy(LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    AdamStep coefficientsOf(float lr, long step, double decay) {
        return AdamStep.of(beta1(), beta2(), eps(), lr, step, decay, 1);
    }
}
