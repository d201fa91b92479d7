package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.kernel.NormalizationKernels;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batch-norm kernels ({@link NormalizationKernels}) against a plain double-precision reference over image
 * planes of many widths (1, 7, 14, 15, 17, 33, and the CNN's 28x28 and 14x14), 1 and 17 channels, batch 1 and
 * 3, on data far from zero (mean 100, standard deviation 3: a one-pass {@code E[x^2] - E[x]^2} in float would
 * lose the variance) and on data with a tiny spread around a large value, including the documented aliasing
 * ({@code y} may be {@code x}, {@code gradX} may be {@code gradY}). The tolerances are those of
 * {@link ConvolutionConformanceTests}' batch-norm case.
 */
public abstract class NormalizationConformanceTests {

    protected abstract Backend backend();

    private NormalizationKernels norm() {
        return backend().kernels().normalization();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(Shape.of(3, 17, 1, 1)),
                Arguments.of(Shape.of(3, 17, 6, 1)),
                Arguments.of(Shape.of(1, 17, 7, 7)),
                Arguments.of(Shape.of(3, 1, 14, 14)),
                Arguments.of(Shape.of(3, 17, 14, 14)),
                Arguments.of(Shape.of(1, 1, 15, 15)),
                Arguments.of(Shape.of(3, 17, 3, 17)),
                Arguments.of(Shape.of(3, 2, 33, 33)),
                Arguments.of(Shape.of(1, 17, 28, 28)),
                Arguments.of(Shape.of(3, 1, 5, 33)),
                Arguments.of(Shape.of(1, 3, 1, 17)),
                Arguments.of(Shape.of(3, 3)),
                Arguments.of(Shape.of(1, 17)));
    }

    @ParameterizedTest(name = "{0}, mean 100, sd 3")
    @MethodSource("shapes")
    void statisticsForwardAndBackwardFarFromZero(Shape s) {
        check(s, 100f, 3f, false);
    }

    @ParameterizedTest(name = "{0}, in place")
    @MethodSource("shapes")
    void inPlaceNormalisationAndGradient(Shape s) {
        check(s, -2f, 0.5f, true);
    }

    @ParameterizedTest(name = "{0}, mean 1000, sd 0.01")
    @MethodSource("shapes")
    void tinySpreadAroundALargeValue(Shape s) {
        check(s, 1000f, 0.01f, false);
    }

    private void check(Shape s, float offset, float spread, boolean inPlace) {
        int n = s.dim(0);
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        int m = n * plane;
        float[] x = new SeededRandom(41).normal(s.size(), 0f, 1f);
        for (int i = 0; i < x.length; i++) {
            x[i] = offset + spread * x[i];
        }
        float[] gamma = new SeededRandom(42).normal(c, 0f, 1f);
        float[] beta = new SeededRandom(43).normal(c, 0f, 1f);
        float[] dy = new SeededRandom(44).normal(s.size(), 0f, 1f);
        float eps = 1e-5f;

        double[] mean = new double[c];
        double[] var = new double[c];
        for (int i = 0; i < x.length; i++) {
            mean[(i / plane) % c] += x[i];
        }
        for (int ch = 0; ch < c; ch++) {
            mean[ch] /= m;
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[(i / plane) % c];
            var[(i / plane) % c] += d * d;
        }
        for (int ch = 0; ch < c; ch++) {
            var[ch] /= m;
        }
        Tensor xt = backend().of(x, s);
        Tensor mt = backend().full(Shape.of(c), Float.NaN);
        Tensor vt = backend().full(Shape.of(c), Float.NaN);
        norm().channelMeanVariance(xt, mt, vt);
        String what = s + " (mean " + offset + ", sd " + spread + ")";
        // the float mean of data near 1000 cannot be closer than half an ulp of 1000 (3e-5)
        Checks.close("channelMeanVariance mean of " + what, mt.shape(), mean, mt.toFloatArray(),
                new Tolerance(1e-6, 1e-6));
        Checks.close("channelMeanVariance variance of " + what, vt.shape(), var, vt.toFloatArray(),
                new Tolerance(1e-6 * spread * spread, 1e-5));

        // the rest against the reference computed from the backend's own (float) statistics, as a layer uses them
        float[] mf = mt.toFloatArray();
        float[] vf = vt.toFloatArray();
        double[] yRef = new double[s.size()];
        double[] dxRef = new double[s.size()];
        double[] sdy = new double[c];
        double[] sdyx = new double[c];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double xhat = (x[i] - (double) mf[ch]) / Math.sqrt(vf[ch] + (double) eps);
            yRef[i] = gamma[ch] * xhat + beta[ch];
            sdy[ch] += dy[i];
            sdyx[ch] += dy[i] * xhat;
        }
        double[] dgRef = new double[c];
        double[] dbRef = new double[c];
        for (int ch = 0; ch < c; ch++) {
            dgRef[ch] = 0.5 + sdyx[ch]; // the gradients start at 0.5 and must be accumulated into
            dbRef[ch] = 0.5 + sdy[ch];
        }
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double inv = 1 / Math.sqrt(vf[ch] + (double) eps);
            double xhat = (x[i] - (double) mf[ch]) * inv;
            dxRef[i] = gamma[ch] * inv * (dy[i] - sdy[ch] / m - xhat * sdyx[ch] / m);
        }
        Tensor gt = backend().of(gamma, c);
        Tensor y = inPlace ? backend().of(x, s) : backend().full(s, Float.NaN);
        norm().batchNorm(inPlace ? y : xt, mt, vt, eps, gt, backend().of(beta, c), y);
        Checks.close("batchNorm of " + what + (inPlace ? " in place" : ""), s, yRef, y.toFloatArray(),
                new Tolerance(1e-4, 1e-4));

        Tensor dyt = backend().of(dy, s);
        Tensor dx = inPlace ? dyt : backend().full(s, Float.NaN);
        Tensor dg = backend().full(Shape.of(c), 0.5f);
        Tensor db = backend().full(Shape.of(c), 0.5f);
        norm().batchNormBackward(xt, dyt, mt, vt, eps, gt, dx, dg, db);
        // dx's terms are of the size of dy times gamma / sd: scale the absolute bound with it
        double scale = 1 + 1 / Math.sqrt(spread * spread + eps);
        Checks.close("batchNormBackward dx of " + what + (inPlace ? " in place" : ""), s, dxRef, dx.toFloatArray(),
                new Tolerance(1e-4 * scale, 1e-3));
        Checks.close("batchNormBackward dgamma of " + what, dg.shape(), dgRef, dg.toFloatArray(),
                new Tolerance(1e-4 * Math.sqrt(m), 1e-4));
        Checks.close("batchNormBackward dbeta of " + what, db.shape(), dbRef, db.toFloatArray(),
                new Tolerance(1e-5 * Math.sqrt(m), 1e-5));
    }

    // ---- batchNormRelu and batchNormReluBackward: batch norm then ReLU in one pass ----

    @ParameterizedTest(name = "{0}, batch norm then ReLU")
    @MethodSource("shapes")
    void fusedReluMatchesBatchNormThenRelu(Shape s) {
        checkFused(s, false);
    }

    @ParameterizedTest(name = "{0}, batch norm then ReLU in place")
    @MethodSource("shapes")
    void fusedReluInPlace(Shape s) {
        checkFused(s, true);
    }

    /**
     * Batch norm then ReLU against the double-precision reference, the ReLU mask taken from the backend's own
     * forward output (a pre-activation within rounding of 0 may fall either side; the next test has exact zeros).
     * The forward must also be bit for bit what {@code batchNorm} then {@code max(z, 0)} give on the same backend,
     * as the kernel's contract says, so that the fused pair and the two layers agree.
     */
    private void checkFused(Shape s, boolean inPlace) {
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        float[] x = new SeededRandom(51).normal(s.size(), 0.5f, 2f);
        // |gamma| >= 0.5 and a small beta, so that every channel has outputs on both sides of the ReLU
        float[] gamma = new SeededRandom(52).normal(c, 0f, 1f);
        for (int ch = 0; ch < c; ch++) {
            gamma[ch] = Math.copySign(0.5f + Math.abs(gamma[ch]), gamma[ch]);
        }
        float[] beta = new SeededRandom(53).normal(c, 0f, 0.3f);
        float[] dy = new SeededRandom(54).normal(s.size(), 0f, 1f);
        float eps = 1e-5f;
        Tensor xt = backend().of(x, s);
        Tensor mt = backend().zeros(Shape.of(c));
        Tensor vt = backend().zeros(Shape.of(c));
        norm().channelMeanVariance(xt, mt, vt);
        Tensor gt = backend().of(gamma, c);
        Tensor bt = backend().of(beta, c);
        String what = s + (inPlace ? " in place" : "");

        Tensor z = backend().full(s, Float.NaN);
        norm().batchNorm(xt, mt, vt, eps, gt, bt, z);
        float[] unfused = z.toFloatArray();
        for (int i = 0; i < unfused.length; i++) {
            unfused[i] = Math.max(unfused[i], 0f);
        }
        Tensor y = inPlace ? backend().of(x, s) : backend().full(s, Float.NaN);
        norm().batchNormRelu(inPlace ? y : xt, mt, vt, eps, gt, bt, y);
        float[] yf = y.toFloatArray();
        Checks.identical("batchNormRelu of " + what + " against batchNorm then max(z, 0)", unfused, yf);

        float[] mf = mt.toFloatArray();
        float[] vf = vt.toFloatArray();
        double[] yRef = new double[s.size()];
        boolean[] open = new boolean[s.size()];
        int positive = 0;
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double pre = gamma[ch] * (x[i] - (double) mf[ch]) / Math.sqrt(vf[ch] + (double) eps) + beta[ch];
            yRef[i] = Math.max(pre, 0);
            open[i] = yf[i] > 0f;
            positive += open[i] ? 1 : 0;
        }
        Checks.close("batchNormRelu of " + what, s, yRef, yf, new Tolerance(1e-4, 1e-4));
        if (s.size() > 20) {
            assertTrue(positive > s.size() / 5 && positive < s.size() * 4 / 5,
                    "the data must exercise both sides of the ReLU, but " + positive + " of " + s.size()
                            + " outputs are positive");
        }
        checkFusedBackward(what, s, x, dy, mf, vf, eps, gamma, beta, open, inPlace);
    }

    /**
     * Exact zeros and negative pre-activations: with mean 0 and variance 1 given (the kernels take the statistics
     * they are given), {@code x} in {-1, -0.5, 0, 0.5, 1} and {@code beta} 0 in every other channel, the
     * pre-activation of {@code x = 0} is exactly 0 there: the output must be 0 and, as for {@code ReLU}, its
     * gradient 0. Every other pre-activation is at least 0.1 from 0, so the double reference's mask is exact.
     */
    @ParameterizedTest(name = "{0}, exact zeros")
    @MethodSource("shapes")
    void fusedReluAtExactZeroPassesNoGradient(Shape s) {
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        float[] x = new float[s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 7 + i / plane) % 5 - 2) * 0.5f;
        }
        for (int ch = 0; ch < c; ch += 2) {
            x[ch * plane] = 0f; // sample 0's first value of each channel whose beta is 0
        }
        float[] gamma = new float[c];
        float[] beta = new float[c];
        float[] mean = new float[c];
        float[] var = new float[c];
        float[] gammas = {1.5f, -0.8f, 2f, -1.2f};
        for (int ch = 0; ch < c; ch++) {
            gamma[ch] = gammas[ch % 4];
            beta[ch] = ch % 2 == 0 ? 0f : 0.25f;
            var[ch] = 1f;
        }
        float[] dy = new SeededRandom(55).normal(s.size(), 0f, 1f);
        float eps = 1e-5f;
        Tensor y = backend().full(s, Float.NaN);
        norm().batchNormRelu(backend().of(x, s), backend().of(mean, c), backend().of(var, c), eps,
                backend().of(gamma, c), backend().of(beta, c), y);
        double[] yRef = new double[s.size()];
        boolean[] open = new boolean[s.size()];
        int zeros = 0;
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double pre = gamma[ch] * x[i] / Math.sqrt(1 + (double) eps) + beta[ch];
            yRef[i] = Math.max(pre, 0);
            open[i] = pre > 0;
            zeros += pre == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0, "the data must have exact zero pre-activations");
        String what = s + " with exact zeros";
        Checks.close("batchNormRelu of " + what, s, yRef, y.toFloatArray(), new Tolerance(1e-6, 1e-6));
        checkFusedBackward(what, s, x, dy, mean, var, eps, gamma, beta, open, false);
    }

    /** The fused backward against {@code batchNormBackward}'s reference of {@code dy} masked by {@code open}. */
    private void checkFusedBackward(String what, Shape s, float[] x, float[] dy, float[] mf, float[] vf, float eps,
                                    float[] gamma, float[] beta, boolean[] open, boolean inPlace) {
        int c = s.dim(1);
        int plane = s.rank() == 4 ? s.dim(2) * s.dim(3) : 1;
        int m = s.dim(0) * plane;
        double[] sg = new double[c];
        double[] sgx = new double[c];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double g = open[i] ? dy[i] : 0;
            double xhat = (x[i] - (double) mf[ch]) / Math.sqrt(vf[ch] + (double) eps);
            sg[ch] += g;
            sgx[ch] += g * xhat;
        }
        double[] dxRef = new double[s.size()];
        double maxInv = 0;
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            double inv = 1 / Math.sqrt(vf[ch] + (double) eps);
            maxInv = Math.max(maxInv, Math.abs(gamma[ch]) * inv);
            double xhat = (x[i] - (double) mf[ch]) * inv;
            double g = open[i] ? dy[i] : 0;
            dxRef[i] = gamma[ch] * inv * (g - sg[ch] / m - xhat * sgx[ch] / m);
        }
        double[] dgRef = new double[c];
        double[] dbRef = new double[c];
        for (int ch = 0; ch < c; ch++) {
            dgRef[ch] = 0.5 + sgx[ch];
            dbRef[ch] = 0.5 + sg[ch];
        }
        Tensor dyt = backend().of(dy, s);
        Tensor dx = inPlace ? dyt : backend().full(s, Float.NaN);
        Tensor dg = backend().full(Shape.of(c), 0.5f);
        Tensor db = backend().full(Shape.of(c), 0.5f);
        norm().batchNormReluBackward(backend().of(x, s), dyt, backend().of(mf, c), backend().of(vf, c), eps,
                backend().of(gamma, c), backend().of(beta, c), dx, dg, db);
        Checks.close("batchNormReluBackward dx of " + what, s, dxRef, dx.toFloatArray(),
                new Tolerance(1e-4 * (1 + maxInv), 1e-3));
        Checks.close("batchNormReluBackward dgamma of " + what, dg.shape(), dgRef, dg.toFloatArray(),
                new Tolerance(1e-4 * Math.sqrt(m), 1e-4));
        Checks.close("batchNormReluBackward dbeta of " + what, db.shape(), dbRef, db.toFloatArray(),
                new Tolerance(1e-5 * Math.sqrt(m), 1e-5));
    }
}
