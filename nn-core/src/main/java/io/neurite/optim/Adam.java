package io.neurite.optim;

import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.ConstantSchedule;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.tensor.Tensor;
import java.util.List;

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
 * {@code exp_avg_sq} (v). Defaults: {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code eps = 1e-8}.
 */
public final class Adam extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /**
     * @param lr          the learning rate ({@code 1e-3} is the paper's default)
     * @param beta1       {@code 0 <= beta1 < 1}, decay of the first moment
     * @param beta2       {@code 0 <= beta2 < 1}, decay of the second moment
     * @param eps         {@code > 0}
     * @param weightDecay {@code >= 0}, coupled L2 added to the gradient
     */
    public Adam(LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay) {
        super("adam", lr, List.of("exp_avg", "exp_avg_sq"));
        AdamMoments.checkBetas("adam", beta1, beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = Arguments.epsilon("adam", eps);
        this.weightDecay = Arguments.nonNegative("adam", "weightDecay", weightDecay,
                " (for decoupled weight decay use AdamW)");
    }

    /** Adam with a constant rate and the paper's defaults. */
    public Adam(double lr) {
        this(new ConstantSchedule(Arguments.learningRate("adam", lr)), 0.9, 0.999, 1e-8, 0);
    }

    public Adam betas(double b1, double b2) {
        return new Adam(learningRateSchedule(), b1, b2, eps, weightDecay);
    }

    public Adam eps(double value) {
        return new Adam(learningRateSchedule(), beta1, beta2, value, weightDecay);
    }

    public Adam weightDecay(double value) {
        return new Adam(learningRateSchedule(), beta1, beta2, eps, value);
    }

    public Adam learningRate(LearningRateSchedule lr) {
        return new Adam(lr, beta1, beta2, eps, weightDecay);
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    public double weightDecay() {
        return weightDecay;
    }


    @Override
    protected void update(Parameter parameter, Tensor[] slots, float lr, long step, boolean first) {
        Tensor p = parameter.value();
        Tensor g = parameter.grad();
        if (weightDecay != 0) {
            Tensor decayed = scratch(1, p);
            p.scale((float) weightDecay, decayed).addInPlace(g);
            g = decayed;
        }
        AdamMoments.apply(p, g, slots[0], slots[1], scratch(0, p), lr, beta1, beta2, eps, step);
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRateSchedule() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps
                + ", weightDecay=" + weightDecay + ")";
    }
}
