package io.neurite.optim;

import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.ConstantSchedule;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * RMSProp (Tieleman &amp; Hinton 2012, Coursera "Neural Networks for Machine Learning", lecture 6.5; the
 * centered variant from Graves 2013, "Generating Sequences With Recurrent Neural Networks"), exactly as
 * PyTorch's {@code torch.optim.RMSprop}: each weight's step is divided by a running root mean square of its
 * gradients. With decay {@code rho} (PyTorch's {@code alpha}):
 *
 * <pre>
 *   g = g + wd * p                                   (if wd != 0)
 *   v = rho * v + (1 - rho) * g^2
 *   if centered: a = rho * a + (1 - rho) * g;   den = sqrt(v - a^2) + eps
 *   else:                                        den = sqrt(v) + eps
 *   if mu != 0: b = mu * b + g / den;  p = p - lr * b
 *   else:                              p = p - lr * g / den
 * </pre>
 *
 * {@code eps} is added outside the square root (PyTorch); Keras adds it inside, which matters only when
 * {@code v} is tiny. Weight decay skips the parameters whose {@link Parameter#decay()} is false (biases). State
 * slots: {@code square_avg}, plus {@code momentum_buffer} if {@code mu != 0} and
 * {@code grad_avg} if centered. Defaults as PyTorch: {@code rho = 0.99}, {@code eps = 1e-8}.
 */
public final class RmsProp extends AbstractOptimizer {
    private final double rho;
    private final double eps;
    private final double momentum;
    private final boolean centered;
    private final double weightDecay;
    private final int momentumSlot;
    private final int gradAvgSlot;

    /**
     * @param lr          the learning rate
     * @param rho         {@code 0 <= rho < 1}, decay of the running mean square
     * @param eps         {@code > 0}
     * @param momentum    {@code 0 <= momentum < 1}
     * @param centered    divide by an estimate of the gradient's standard deviation instead of its RMS
     * @param weightDecay {@code >= 0}, coupled L2
     */
    public RmsProp(LearningRateSchedule lr, double rho, double eps, double momentum, boolean centered,
            double weightDecay) {
        super("rmsprop", lr, slots(momentum, centered));
        this.rho = Arguments.decayRate("rmsprop", "rho", rho, " (usual values 0.9 to 0.99)");
        this.eps = Arguments.epsilon("rmsprop", eps);
        this.momentum = Arguments.decayRate("rmsprop", "momentum", momentum, " (0 disables momentum)");
        this.centered = centered;
        this.weightDecay = Arguments.nonNegative("rmsprop", "weightDecay", weightDecay, " (usual values 0 to 5e-4)");
        this.momentumSlot = slotNames().indexOf("momentum_buffer");
        this.gradAvgSlot = slotNames().indexOf("grad_avg");
    }

    /** RMSProp with a constant rate and PyTorch's defaults. */
    public RmsProp(double lr) {
        this(new ConstantSchedule(Arguments.learningRate("rmsprop", "learning rate", lr)), 0.99, 1e-8, 0, false, 0);
    }

    private static List<String> slots(double momentum, boolean centered) {
        List<String> slots = new ArrayList<>(List.of("square_avg"));
        if (momentum != 0) {
            slots.add("momentum_buffer");
        }
        if (centered) {
            slots.add("grad_avg");
        }
        return slots;
    }

    public RmsProp rho(double value) {
        return new RmsProp(learningRateSchedule(), value, eps, momentum, centered, weightDecay);
    }

    public RmsProp eps(double value) {
        return new RmsProp(learningRateSchedule(), rho, value, momentum, centered, weightDecay);
    }

    public RmsProp momentum(double value) {
        return new RmsProp(learningRateSchedule(), rho, eps, value, centered, weightDecay);
    }

    public RmsProp centered() {
        return new RmsProp(learningRateSchedule(), rho, eps, momentum, true, weightDecay);
    }

    public RmsProp weightDecay(double value) {
        return new RmsProp(learningRateSchedule(), rho, eps, momentum, centered, value);
    }

    public RmsProp learningRate(LearningRateSchedule lr) {
        return new RmsProp(lr, rho, eps, momentum, centered, weightDecay);
    }

    public double rho() {
        return rho;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    public boolean isCentered() {
        return centered;
    }

    public double weightDecay() {
        return weightDecay;
    }


    @Override
    protected void update(Parameter parameter, Tensor[] slots, float lr, long step, boolean first) {
        Tensor p = parameter.value();
        Tensor g = parameter.grad();
        if (weightDecay != 0 && parameter.decay()) {
            Tensor decayed = scratch(0, p);
            p.scale((float) weightDecay, decayed).addInPlace(g);
            g = decayed;
        }
        float keep = (float) rho;
        float mix = (float) (1 - rho);
        Tensor v = slots[0];
        Tensor den = scratch(1, p);
        g.square(den);
        v.scaleInPlace(keep).addScaledInPlace(mix, den);
        if (centered) {
            Tensor a = slots[gradAvgSlot];
            a.scaleInPlace(keep).addScaledInPlace(mix, g);
            a.square(den);
            v.sub(den, den);
            // v - a^2 >= 0 in exact arithmetic; clamp the float rounding that could make sqrt return NaN.
            den.maxScalar(0f, den);
            den.sqrt(den);
        } else {
            v.sqrt(den);
        }
        den.addScalarInPlace((float) eps);
        g.div(den, den);
        if (momentum != 0) {
            Tensor b = slots[momentumSlot];
            b.scaleInPlace((float) momentum).addInPlace(den);
            p.addScaledInPlace(-lr, b);
        } else {
            p.addScaledInPlace(-lr, den);
        }
    }

    @Override
    public String toString() {
        return "RmsProp(lr=" + learningRateSchedule() + ", rho=" + rho + ", eps=" + eps + ", momentum=" + momentum
                + ", centered=" + centered + ", weightDecay=" + weightDecay + ")";
    }
}
