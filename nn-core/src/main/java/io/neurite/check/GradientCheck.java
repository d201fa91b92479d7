package io.neurite.check;

import io.neurite.loss.Loss;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Compares analytic gradients (a layer's {@code backward}, a loss's gradient) with central differences
 * {@code (f(x + ε) − f(x − ε)) / 2ε}, element by element, in float32.
 *
 * <h2>What is checked</h2>
 * <ul>
 *   <li>{@link #layer}: the scalar {@code f = Σ forward(x) ⊙ R} for a fixed seeded random {@code R}, whose
 *       gradient with respect to the output is exactly {@code R}; checks dF/dInput and every parameter.</li>
 *   <li>{@link #loss}: the mean loss with respect to the predictions.</li>
 *   <li>{@link #model}: a whole model followed by a loss, with respect to every parameter and the input.</li>
 * </ul>
 * Forward passes run with {@code training = true} (as in a training step); layers with randomness, such as
 * {@code Dropout}, must be made deterministic first ({@code Dropout.holdMask(true)}).
 *
 * <h2>Tolerances in float32</h2>
 * The error of an element is {@code |analytic − numeric| / max(|analytic|, |numeric|, floor)}: relative for
 * large gradients, absolute (divided by {@code floor}) near zero, where float32 rounding in the numerator of
 * the difference quotient dominates. With {@code ε = 1e-2} the truncation error is {@code O(ε²)} and the
 * rounding error about {@code ulp(f) / ε}. With the defaults ({@link Options#DEFAULT}) correct layers and
 * losses show worst errors of 1e-4 to 1e-3 on the pure backend (up to 5e-3 for near-zero gradients next to
 * large float32 terms, such as a cross-entropy at logit 40), while a gradient that is 3% off scores 3e-2
 * and a missing {@code 1/batch} several tenths. Piecewise-linear functions
 * (ReLU) are wrong within {@code ε} of their kinks, so keep inputs away from them. Large tensors are checked
 * on a seeded sample of elements.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * @param epsilon        the step of the central difference
     * @param tolerance      the largest acceptable error (see the class doc)
     * @param absoluteFloor  below this magnitude, errors are measured absolutely
     * @param maxElements    at most this many elements per tensor are checked (a seeded sample)
     * @param seed           seeds the projection {@code R} and the sample
     */
    public record Options(float epsilon, double tolerance, double absoluteFloor, int maxElements, long seed) {
        public static final Options DEFAULT = new Options(1e-2f, 1e-2, 1e-2, 256, 17L);

        public Options {
            if (!(epsilon > 0f) || !(tolerance > 0) || !(absoluteFloor > 0) || maxElements < 1) {
                throw new IllegalArgumentException("GradientCheck.Options: epsilon, tolerance and absoluteFloor must"
                        + " be > 0 and maxElements >= 1, but got " + epsilon + ", " + tolerance + ", "
                        + absoluteFloor + ", " + maxElements);
            }
        }

        public Options withEpsilon(float e) {
            return new Options(e, tolerance, absoluteFloor, maxElements, seed);
        }

        public Options withTolerance(double t) {
            return new Options(epsilon, t, absoluteFloor, maxElements, seed);
        }
    }

    /** The worst element of one tensor. */
    public record Worst(String tensor, int index, double analytic, double numeric, double error, int checked) {
        @Override
        public String toString() {
            return String.format("%s[%d]: analytic %.6g, numeric %.6g, error %.3g (%d elements checked)",
                    tensor, index, analytic, numeric, error, checked);
        }
    }

    /** The outcome: the worst element of each checked tensor, and the worst overall. */
    public record Result(String subject, Options options, List<Worst> tensors) {
        public Worst worst() {
            Worst w = tensors.get(0);
            for (Worst t : tensors) {
                if (!(t.error() <= w.error())) {
                    w = t;
                }
            }
            return w;
        }

        public double worstError() {
            return worst().error();
        }

        /** Every checked element is within the tolerance (and finite). */
        public boolean passed() {
            return worstError() <= options.tolerance();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("gradient check of " + subject + ": "
                    + (passed() ? "passed" : "FAILED") + String.format(" (worst error %.3g, tolerance %.3g, ε %s)",
                    worstError(), options.tolerance(), options.epsilon()));
            for (Worst t : tensors) {
                sb.append("\n  ").append(t);
            }
            return sb.toString();
        }
    }

    public static Result layer(Layer layer, Tensor input) {
        return layer(layer, input, Options.DEFAULT);
    }

    /** Checks dF/dInput and dF/dParameter of {@code layer} at {@code input} for {@code F = Σ output ⊙ R}. */
    public static Result layer(Layer layer, Tensor input, Options options) {
        List<Parameter> params = layer.parameters();
        params.forEach(Parameter::zeroGrad);
        Tensor out = layer.forward(input, true);
        Tensor r = out.backend().randomNormal(out.shape(), 0f, 1f, options.seed());
        float[] rHost = r.toFloatArray();
        float[] inputGrad = layer.backward(r).toFloatArray();

        DoubleSupplier f = () -> dot(layer.forward(input, true).toFloatArray(), rHost);
        List<Worst> worst = new ArrayList<>();
        worst.add(compare("input", input, inputGrad, f, options));
        for (Parameter p : params) {
            worst.add(compare(p.name(), p.value(), p.grad().toFloatArray(), f, options));
        }
        return new Result(layer.toString(), options, worst);
    }

    public static Result loss(Loss loss, Tensor prediction, Tensor target) {
        return loss(loss, prediction, target, Options.DEFAULT);
    }

    /** Checks the gradient {@code loss} writes with respect to {@code prediction}. */
    public static Result loss(Loss loss, Tensor prediction, Tensor target, Options options) {
        Tensor grad = prediction.newLike();
        loss.lossAndGradient(prediction, target, grad);
        DoubleSupplier f = () -> loss.loss(prediction, target);
        return new Result(loss.toString(), options,
                List.of(compare("prediction", prediction, grad.toFloatArray(), f, options)));
    }

    public static Result model(Layer model, Loss loss, Tensor input, Tensor target) {
        return model(model, loss, input, target, Options.DEFAULT);
    }

    /** Checks the gradients of {@code loss(model(input), target)} with respect to every parameter and the input. */
    public static Result model(Layer model, Loss loss, Tensor input, Tensor target, Options options) {
        List<Parameter> params = model.parameters();
        params.forEach(Parameter::zeroGrad);
        Tensor out = model.forward(input, true);
        Tensor gradOut = out.newLike();
        loss.lossAndGradient(out, target, gradOut);
        float[] inputGrad = model.backward(gradOut).toFloatArray();

        DoubleSupplier f = () -> loss.loss(model.forward(input, true), target);
        List<Worst> worst = new ArrayList<>();
        for (Parameter p : params) {
            worst.add(compare(p.name(), p.value(), p.grad().toFloatArray(), f, options));
        }
        worst.add(compare("input", input, inputGrad, f, options));
        return new Result(model + " + " + loss, options, worst);
    }

    /** Perturbs (a sample of) {@code x}'s elements in place, restores them, and returns the worst mismatch. */
    private static Worst compare(String name, Tensor x, float[] analytic, DoubleSupplier f, Options o) {
        int n = x.size();
        int[] indices = sample(n, o.maxElements(), o.seed() ^ name.hashCode());
        Worst worst = null;
        for (int i : indices) {
            float original = x.get(i);
            x.set(i, original + o.epsilon());
            double plus = f.getAsDouble();
            x.set(i, original - o.epsilon());
            double minus = f.getAsDouble();
            x.set(i, original);
            // Divide by the step actually taken: original ± ε is rounded to float32.
            double step = (double) (original + o.epsilon()) - (double) (original - o.epsilon());
            double numeric = (plus - minus) / step;
            double a = analytic[i];
            double error = Math.abs(a - numeric) / Math.max(Math.max(Math.abs(a), Math.abs(numeric)), o.absoluteFloor());
            if (Double.isNaN(error)) {
                error = Double.POSITIVE_INFINITY;
            }
            if (worst == null || error > worst.error()) {
                worst = new Worst(name, i, a, numeric, error, indices.length);
            }
        }
        return worst;
    }

    private static int[] sample(int n, int max, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= max) {
            return all;
        }
        new SeededRandom(seed).shuffle(all);
        return java.util.Arrays.copyOf(all, max);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
