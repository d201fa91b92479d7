package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import io.neurite.kernel.OptimizerKernels;
import io.neurite.kernel.TensorOptimizerKernels;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimizer kernel family ({@code backend.kernels().optimizers()}, and the generic
 * {@link TensorOptimizerKernels} on the same backend) against the update rules of {@link AdamStep} and
 * {@link MomentumStep} evaluated here in double from the same float inputs, element by element. Sizes cover
 * less than one vector, odd tails after whole vectors at every width, and a parameter large enough to be
 * split over the workers. Tolerances are a few float ulps of the magnitude of the terms summed into each
 * value, since a sum of opposite terms may be far smaller than its terms. Each case runs three steps, the reference continuing from the kernel's float
 * results so that rounding does not compound, with state that starts non-zero and a zero-gradient element
 * (the eps path). Each backend subclasses this with {@link #backend()}.
 */
public abstract class OptimizerKernelsConformanceTests {

    /** The backend under test. */
    protected abstract Backend backend();

    /** 1 (less than a vector), 7 and 37 (odd tails at 4, 8 and 16 lanes), 1031, and one to split over threads. */
    static final int[] SIZES = {1, 7, 37, 1031, 300_007};

    // float32 arithmetic against double, one step: a few float ulps (6e-8 each) of the magnitude of the terms
    // summed into each value (a sum of opposite terms may be far smaller than the terms), plus a floor.
    static final double REL_TOL = 4e-7;
    static final double ABS_TOL = 1e-12;

    private OptimizerKernels fused() {
        return backend().kernels().optimizers();
    }

    static float[] values(int n, double phase, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * Math.sin(0.37 * i + phase));
        }
        return a;
    }

    /** A gradient with one zero element in every 13 and magnitudes from 0 to 2. */
    static float[] gradient(int n, int t) {
        float[] g = values(n, 0.7 * t, 1.0);
        for (int i = 0; i < n; i++) {
            g[i] = i % 13 == 5 ? 0f : g[i] * (1 + (i % 3) * 0.5f);
        }
        return g;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** {@code actual} within a few ulps of {@code magnitude} (the sum of the terms' absolute values) of {@code expected}. */
    static void assertClose(String what, double[] expected, double[] magnitude, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = ABS_TOL + REL_TOL * magnitude[i];
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "] of " + expected.length + ": expected " + expected[i]
                        + " but was " + actual[i] + " (tolerance " + tol + ")");
            }
        }
    }

    // ---- Adam ----------------------------------------------------------------------------------------

    /**
     * The rule of {@link AdamStep}, in double, on copies of the float inputs; returns {p, m, v} and the
     * magnitudes of their terms {|p|, |m|, |v|}.
     */
    static double[][] adamReference(AdamStep s, float[] p0, float[] g, float[] m0, float[] v0) {
        double[] p = toDouble(p0);
        double[] m = toDouble(m0);
        double[] v = toDouble(v0);
        double[] pm = new double[p.length];
        double[] mm = new double[p.length];
        double[] vm = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + (double) s.l2() * p[i];
            double dm = Math.abs(g[i]) + Math.abs((double) s.l2() * p[i]);
            mm[i] = Math.abs((double) s.beta1() * m[i]) + Math.abs((double) s.mix1() * dm);
            m[i] = (double) s.beta1() * m[i] + (double) s.mix1() * d;
            vm[i] = Math.abs((double) s.beta2() * v[i]) + (double) s.mix2() * dm * dm;
            v[i] = (double) s.beta2() * v[i] + (double) s.mix2() * d * d;
            double update = (double) s.stepSize() * m[i] / (Math.sqrt(v[i]) * s.denominatorScale() + s.eps());
            pm[i] = Math.abs((double) s.shrink() * p[i]) + Math.abs(update) * (1 + mm[i] / Math.max(Math.abs(m[i]),
                    1e-30));
            p[i] = (double) s.shrink() * p[i] - update;
        }
        return new double[][] {p, m, v, pm, mm, vm};
    }

    /** Three Adam steps of {@code kernels} on size {@code n} with decay as given, checked after each. */
    void checkAdam(OptimizerKernels kernels, String what, int n, double l2, double wd) {
        Backend b = backend();
        Shape shape = n == 37 ? Shape.of(37) : n == 1031 ? Shape.of(1, 1031) : Shape.of(n);
        float[] p0 = values(n, 0.3, 0.8);
        Tensor p = b.of(p0, shape);
        Tensor m = b.of(values(n, 1.1, 0.05), shape);
        // v >= 0, and exactly 0 on every 13th element: with a zero gradient there, the eps path is taken
        float[] v0 = values(n, 2.3, 0.01);
        for (int i = 0; i < n; i++) {
            v0[i] = i % 13 == 5 ? 0f : v0[i] * v0[i];
        }
        Tensor v = b.of(v0, shape);
        Tensor scratch = b.zeros(shape);
        for (int t = 1; t <= 3; t++) {
            double lr = 0.01 / t;
            AdamStep s = AdamStep.of(0.9, 0.999, 1e-8, lr, t, l2, 1 - lr * wd);
            float[] g0 = gradient(n, t);
            Tensor g = b.of(g0, shape);
            double[][] expected = adamReference(s, p.toFloatArray(), g0, m.toFloatArray(), v.toFloatArray());
            kernels.adam(s, p, g, m, v, scratch);
            String at = what + " n=" + n + " step " + t;
            assertClose(at + " m", expected[1], expected[4], m.toFloatArray());
            assertClose(at + " v", expected[2], expected[5], v.toFloatArray());
            assertClose(at + " p", expected[0], expected[3], p.toFloatArray());
            assertArrayEquals(g0, g.toFloatArray(), at + ": the gradient must not change");
        }
    }

    @Test
    void adamMatchesTheDoubleReference() {
        for (int n : SIZES) {
            checkAdam(fused(), "adam (fused)", n, 0, 0);
            checkAdam(TensorOptimizerKernels.INSTANCE, "adam (generic)", n, 0, 0);
        }
    }

    @Test
    void adamWithCoupledWeightDecayMatchesTheDoubleReference() {
        for (int n : SIZES) {
            checkAdam(fused(), "adam l2 (fused)", n, 0.05, 0);
            checkAdam(TensorOptimizerKernels.INSTANCE, "adam l2 (generic)", n, 0.05, 0);
        }
    }

    @Test
    void adamWDecoupledDecayMatchesTheDoubleReference() {
        for (int n : SIZES) {
            checkAdam(fused(), "adamw (fused)", n, 0, 0.1);
            checkAdam(TensorOptimizerKernels.INSTANCE, "adamw (generic)", n, 0, 0.1);
        }
    }

    @Test
    void theCoefficientsAreTheBiasCorrectedOnes() {
        AdamStep s = AdamStep.of(0.9, 0.999, 1e-8, 1e-3, 2, 0.5, 0.75);
        assertEquals((float) (1e-3 / (1 - 0.81)), s.stepSize());
        assertEquals((float) (1 / Math.sqrt(1 - 0.999 * 0.999)), s.denominatorScale());
        assertEquals(0.1f, s.mix1(), 1e-9);
        assertEquals(0.5f, s.l2());
        assertEquals(0.75f, s.shrink());
    }

    // ---- SGD with momentum ---------------------------------------------------------------------------

    static double[][] momentumReference(MomentumStep s, float[] p0, float[] g, float[] b0) {
        double[] p = toDouble(p0);
        double[] b = toDouble(b0);
        double[] pm = new double[p.length];
        double[] bm = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + (double) s.l2() * p[i];
            double dm = Math.abs(g[i]) + Math.abs((double) s.l2() * p[i]);
            bm[i] = s.first() ? dm : Math.abs((double) s.momentum() * b[i]) + (double) s.keep() * dm;
            b[i] = s.first() ? d : (double) s.momentum() * b[i] + (double) s.keep() * d;
            double um = s.nesterov() ? dm + (double) s.momentum() * bm[i] : bm[i];
            double u = s.nesterov() ? d + (double) s.momentum() * b[i] : b[i];
            pm[i] = Math.abs(p[i]) + (double) s.lr() * um;
            p[i] -= (double) s.lr() * u;
        }
        return new double[][] {p, b, pm, bm};
    }

    void checkMomentum(OptimizerKernels kernels, String what, int n, float keep, float l2, boolean nesterov) {
        Backend b = backend();
        Shape shape = Shape.of(n);
        Tensor p = b.of(values(n, 0.3, 0.8), shape);
        Tensor buf = b.of(values(n, 0.9, 1.0), shape); // garbage before the first step: it must be overwritten
        for (int t = 1; t <= 3; t++) {
            MomentumStep s = new MomentumStep(0.05f / t, 0.9f, keep, l2, nesterov, t == 1);
            float[] g0 = gradient(n, t);
            Tensor g = b.of(g0, shape);
            double[][] expected = momentumReference(s, p.toFloatArray(), g0, buf.toFloatArray());
            kernels.momentum(s, p, g, buf);
            String at = what + " n=" + n + " step " + t;
            assertClose(at + " buffer", expected[1], expected[3], buf.toFloatArray());
            assertClose(at + " p", expected[0], expected[2], p.toFloatArray());
            assertArrayEquals(g0, g.toFloatArray(), at + ": the gradient must not change");
        }
    }

    @Test
    void momentumMatchesTheDoubleReference() {
        for (int n : SIZES) {
            for (OptimizerKernels k : List.of(fused(), TensorOptimizerKernels.INSTANCE)) {
                String which = k == TensorOptimizerKernels.INSTANCE ? "(generic)" : "(fused)";
                checkMomentum(k, "heavy ball " + which, n, 1f, 0f, false);
                checkMomentum(k, "dampened, l2 " + which, n, 0.7f, 0.01f, false);
                checkMomentum(k, "nesterov " + which, n, 1f, 0f, true);
                checkMomentum(k, "nesterov, l2 " + which, n, 1f, 0.02f, true);
            }
        }
    }

    // ---- errors --------------------------------------------------------------------------------------

    @Test
    void mismatchedShapesAreRejectedBeforeAnythingChanges() {
        Backend b = backend();
        Tensor p = b.of(new float[] {1, 2, 3}, Shape.of(3));
        Tensor g = b.of(new float[] {1, 1, 1, 1}, Shape.of(4));
        Tensor m = b.zeros(Shape.of(3));
        Tensor v = b.zeros(Shape.of(3));
        AdamStep s = AdamStep.of(0.9, 0.999, 1e-8, 0.1, 1, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fused().adam(s, p, g, m, v, b.zeros(Shape.of(3))));
        assertTrue(e.getMessage().contains("adam") && e.getMessage().contains("[4]"), e.getMessage());
        assertArrayEquals(new float[] {1, 2, 3}, p.toFloatArray());
        Tensor shortBuffer = b.zeros(Shape.of(2));
        e = assertThrows(IllegalArgumentException.class, () -> fused().momentum(
                new MomentumStep(0.1f, 0.9f, 1f, 0f, false, true), p, m, shortBuffer));
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("[2]"), e.getMessage());
        assertArrayEquals(new float[] {1, 2, 3}, p.toFloatArray());
    }
}
