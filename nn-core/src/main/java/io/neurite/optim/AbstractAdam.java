package io.neurite.optim;

import io.neurite.kernel.AdamStep;
import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * What {@link Adam} and {@link AdamW} share: the hyper-parameters {@code beta1, beta2, eps, weightDecay} with
 * their checks, the fluent copies and accessors, and the update: the moments and the bias-corrected step of
 * {@link AdamStep}, one fused pass per parameter through {@code backend.kernels().optimizers()}. The two
 * differ only in where the weight decay enters ({@link #coefficientsOf}).
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
     * The coefficients of this step for a parameter with weight decay {@code decay} (0 for none), built once
     * per step for each of the two kinds of parameter (with and without decay), not once per parameter.
     */
    final AdamStep coefficients(float lr, long step, double decay) {
        int kind = decay == 0 ? 0 : 1;
        AdamStep s = cached[kind];
        if (s == null || cachedStep[kind] != step || cachedLr[kind] != lr) {
            s = coefficientsOf(lr, step, decay);
            cached[kind] = s;
            cachedStep[kind] = step;
            cachedLr[kind] = lr;
        }
        return s;
    }

    /** Where the decay enters: Adam adds it to the gradient (coupled L2), AdamW shrinks the weights. */
    abstract AdamStep coefficientsOf(float lr, long step, double decay);

    private final AdamStep[] cached = new AdamStep[2];
    private final long[] cachedStep = {-1, -1};
    private final float[] cachedLr = new float[2];

    @Override
    protected final void update(Parameter parameter, Tensor[] slots, float lr, long step, boolean first) {
        Tensor p = parameter.value();
        AdamStep s = coefficients(lr, step, decayOf(parameter));
        // One fused pass per parameter where the backend has one (see OptimizerKernels); the scratch tensor
        // is for the generic path, which writes the rule with Tensor ops.
        p.backend().kernels().optimizers().adam(s, p, parameter.grad(), slots[0], slots[1], scratch(0, p));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + learningRateSchedule() + ", beta1=" + beta1 + ", beta2=" + beta2
                + ", eps=" + eps + ", weightDecay=" + weightDecay + ")";
    }
}
