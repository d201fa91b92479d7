package io.neurite.optim;

import io.neurite.kernel.MomentumStep;
import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.ConstantSchedule;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, exactly as
 * PyTorch's {@code torch.optim.SGD}. With gradient {@code g}, parameter {@code p}, rate {@code lr}, momentum
 * {@code mu}, dampening {@code d} and weight decay {@code wd}, one step is:
 *
 * <pre>
 *   g = g + wd * p                                  (if wd != 0)
 *   if mu != 0:
 *       b = g                                       (first step)
 *       b = mu * b + (1 - d) * g                    (later steps)
 *       g = nesterov ? g + mu * b : b
 *   p = p - lr * g
 * </pre>
 *
 * Momentum is Polyak's heavy ball in the form of Sutskever, Martens, Dahl &amp; Hinton 2013, "On the
 * importance of initialization and momentum in deep learning" (ICML), which also gives the Nesterov
 * variant used here; note that {@code lr} multiplies the buffer, not the gradient inside it. Weight decay is
 * added to the gradient (coupled L2), so with momentum it also accumulates in the buffer — for decoupled
 * decay see {@link AdamW}.
 *
 * <p>Immutable configuration, built fluently: {@code Optimizers.sgd(0.1).momentum(0.9).nesterov()}; each
 * fluent call returns a new optimizer without state. State slot: {@code momentum_buffer} (only if
 * {@code mu != 0}). Hyper-parameters are checked in the constructor. Weight decay skips the parameters whose
 * {@link Parameter#decay()} is false (biases).
 */
public final class Sgd extends AbstractOptimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    /**
     * @param lr          the learning rate per step
     * @param momentum    {@code 0 <= momentum < 1}; 0 disables momentum (no state)
     * @param dampening   {@code 0 <= dampening <= 1}; scales the gradient entering the buffer by {@code 1 - d}
     * @param nesterov    Nesterov momentum; requires {@code momentum > 0} and {@code dampening == 0}
     * @param weightDecay {@code >= 0}, coupled L2 penalty {@code wd/2 * |p|^2}
     */
    public Sgd(LearningRateSchedule lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super("sgd", lr, momentum == 0 ? List.of() : List.of("momentum_buffer"));
        this.momentum = Arguments.decayRate("sgd", "momentum", momentum,
                " (usual values 0.9 or 0.99; 0 disables momentum; 1 or more never forgets and diverges)");
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("sgd: dampening is " + dampening
                    + " but must be in [0, 1] (usually 0)");
        }
        this.dampening = dampening;
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd: Nesterov momentum needs momentum > 0 and dampening 0, but momentum"
                    + " is " + momentum + " and dampening " + dampening
                    + "; e.g. Optimizers.sgd(0.1).momentum(0.9).nesterov()");
        }
        this.nesterov = nesterov;
        this.weightDecay = Arguments.nonNegative("sgd", "weightDecay", weightDecay, " (usual values 0 to 5e-4)");
    }

    /** Plain SGD with a constant rate. */
    public Sgd(double lr) {
        this(new ConstantSchedule(Arguments.learningRate("sgd", "learning rate", lr)), 0, 0, false, 0);
    }

    /** A copy with momentum {@code mu} (heavy ball unless {@link #nesterov()} follows). */
    public Sgd momentum(double mu) {
        return new Sgd(learningRateSchedule(), mu, dampening, nesterov, weightDecay);
    }

    /** A copy with dampening {@code d}. */
    public Sgd dampening(double d) {
        return new Sgd(learningRateSchedule(), momentum, d, nesterov, weightDecay);
    }

    /** A copy with Nesterov momentum; call {@link #momentum(double)} first. */
    public Sgd nesterov() {
        return new Sgd(learningRateSchedule(), momentum, dampening, true, weightDecay);
    }

    /** A copy with coupled L2 weight decay {@code wd}. */
    public Sgd weightDecay(double wd) {
        return new Sgd(learningRateSchedule(), momentum, dampening, nesterov, wd);
    }

    /** A copy with another learning-rate schedule. */
    public Sgd learningRate(LearningRateSchedule lr) {
        return new Sgd(lr, momentum, dampening, nesterov, weightDecay);
    }

    public double momentum() {
        return momentum;
    }

    public double dampening() {
        return dampening;
    }

    public boolean isNesterov() {
        return nesterov;
    }

    public double weightDecay() {
        return weightDecay;
    }

    @Override
    protected void update(Parameter parameter, Tensor[] slots, float lr, long step, boolean first) {
        Tensor p = parameter.value();
        Tensor g = parameter.grad();
        // Weight decay only for the parameters that take it (a bias does not: see Parameter#decay).
        double decay = parameter.decay() ? weightDecay : 0;
        float wd = (float) decay;
        if (momentum == 0) {
            // p - lr * (g + wd * p) == p * (1 - lr * wd) - lr * g: no scratch tensor needed.
            if (wd != 0) {
                p.scaleInPlace((float) (1 - (double) lr * decay));
            }
            p.addScaledInPlace(-lr, g);
            return;
        }
        // One fused pass where the backend has one (see OptimizerKernels).
        MomentumStep s = new MomentumStep(lr, (float) momentum, (float) (1 - dampening), wd, nesterov, first);
        p.backend().kernels().optimizers().momentum(s, p, g, slots[0]);
    }

    @Override
    public String toString() {
        return "Sgd(lr=" + learningRateSchedule() + ", momentum=" + momentum + ", dampening=" + dampening
                + ", nesterov=" + nesterov + ", weightDecay=" + weightDecay + ")";
    }
}
