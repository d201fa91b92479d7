package io.neurite.conformance;

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
}
