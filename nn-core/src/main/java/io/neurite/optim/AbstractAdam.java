package io.neurite.optim;

import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * What {@link Adam} and {@link AdamW} share: the hyper-parameters {@code beta1, beta2, eps, weightDecay} with
 * their checks, the fluent copies and accessors, and the moment update with the bias-corrected step. The two
 * differ only in where the weight decay enters ({@link #update}).
 *
 * @param <A> the concrete optimizer, which the fluent copies return
 */
public abstract sealed class AbstractAdam<A extends AbstractAdam<A>> extends AbstractOptimizer permits Adam, AdamW {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    AbstractAdam(String type, LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay,
                 String weightDecayHint) {
        super(type, lr, List.of("exp_avg", "exp_avg_sq"));
        this.beta1 = Arguments.decayRate(type, "beta1", beta1, " (usual value 0.9)");
        this.beta2 = Arguments.decayRate(type, "beta2", beta2, " (usual value 0.999)");
        this.eps = Arguments.epsilon(type, eps);
        this.weightDecay = Arguments.nonNegative(type, "weightDecay", weightDecay, weightDecayHint);
    }

    /** A new optimizer of this kind, without state, with these hyper-parameters. */
    abstract A copy(LearningRateSchedule lr, double beta1, double beta2, double eps, double weightDecay);

    public final A betas(double b1, double b2) {
        return copy(learningRateSchedule(), b1, b2, eps, weightDecay);
    }

    public final A eps(double value) {
        return copy(learningRateSchedule(), beta1, beta2, value, weightDecay);
    }

    public final A weightDecay(double value) {
        return copy(learningRateSchedule(), beta1, beta2, eps, value);
    }

    public final A learningRate(LearningRateSchedule lr) {
        return copy(lr, beta1, beta2, eps, weightDecay);
    }

    public final double beta1() {
        return beta1;
    }

    public final double beta2() {
        return beta2;
    }

    public final double eps() {
        return eps;
    }

    public final double weightDecay() {
        return weightDecay;
    }

    /** The weight decay this parameter gets: {@link #weightDecay()}, or 0 if it takes none (a bias). */
    final double decayOf(Parameter parameter) {
        return parameter.decay() ? weightDecay : 0;
    }

    /**
     * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}
     * — the arrangement of Kingma &amp; Ba's Algorithm 1 footnote, the same as PyTorch's; Tensor ops with one
     * scratch tensor and no allocation. {@code slots} are {@code exp_avg} (m) and {@code exp_avg_sq} (v).
     */
    final void momentStep(Tensor p, Tensor g, Tensor[] slots, float lr, long step) {
        Tensor m = slots[0];
        Tensor v = slots[1];
        Tensor scratch = scratch(0, p);
        m.scaleInPlace((float) beta1).addScaledInPlace((float) (1 - beta1), g);
        g.square(scratch);
        v.scaleInPlace((float) beta2).addScaledInPlace((float) (1 - beta2), scratch);
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        v.sqrt(scratch);
        scratch.scaleInPlace((float) (1 / Math.sqrt(correction2)));
        scratch.addScalarInPlace((float) eps);
        m.div(scratch, scratch);
        p.addScaledInPlace((float) (-lr / correction1), scratch);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + learningRateSchedule() + ", beta1=" + beta1 + ", beta2=" + beta2
                + ", eps=" + eps + ", weightDecay=" + weightDecay + ")";
    }
}
