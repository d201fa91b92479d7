package io.neurite.backend.pure;

import io.neurite.kernel.NormalizationLoops;

/**
 * Batch normalisation's loops over whole image planes of NCHW data ({@code [N, C, H, W]}, plane {@code p} =
 * {@code n * C + c} holding {@code plane = H * W} contiguous values of channel {@code c}), taken in memory
 * order: a range of planes is one sequential stream, which the hardware prefetchers follow, where a walk
 * channel by channel jumps {@code C * plane} values after every plane (measured on the CNN's
 * {@code [128, 32, 28, 28]}: 2.6 ms for the statistics and normalisation channel by channel, 0.8 ms in memory
 * order, one Zen 4 core).
 *
 * <p>Sums are per plane: plane {@code p}'s two sums go to {@code sums[2p]} and {@code sums[2p + 1]}, whatever
 * range of planes a thread was given, and {@link PureNormalizationKernels} adds them up in a fixed order, so a
 * result never depends on how the planes were split. This is the scalar path (double sums);
 * {@code VectorBatchNormPlanes} overrides every method on the SIMD path (float lanes within a plane, double
 * across planes). No method allocates.
 */
class BatchNormPlanes {

    /**
     * Sums of {@code x - K} and {@code (x - K)^2} of each plane in {@code [fromPlane, toPlane)}, with {@code K} the
     * first value of the plane's channel ({@code x[c * plane]}): the shifted-data algorithm of
     * {@code NormalizationLoops.meanVariance}, so that the variance does not cancel for data far from zero.
     */
    void shiftedSums(float[] x, int plane, int channels, int fromPlane, int toPlane, double[] sums) {
        for (int p = fromPlane; p < toPlane; p++) {
            float shift = x[(p % channels) * plane];
            double s1 = 0;
            double s2 = 0;
            for (int i = p * plane, end = i + plane; i < end; i++) {
                double d = (double) x[i] - shift;
                s1 += d;
                s2 += d * d;
            }
            sums[2 * p] = s1;
            sums[2 * p + 1] = s2;
        }
    }

    /**
     * {@code y = (x - mean[c]) * scale[c] + beta[c]} over the planes; {@code y} may be {@code x}. The mean is
     * subtracted first, as in {@code NormalizationLoops.normalize} (which says why).
     */
    void normalize(float[] x, int plane, int channels, float[] mean, float[] scale, float[] beta, float[] y,
                   int fromPlane, int toPlane) {
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float m = mean[c];
            float a = scale[c];
            float b = beta[c];
            for (int i = p * plane, end = i + plane; i < end; i++) {
                y[i] = (x[i] - m) * a + b;
            }
        }
    }

    /** Sums of {@code dy} and of {@code dy * (x - mean[c])} of each plane, into {@code sums} as above. */
    void gradientSums(float[] dy, float[] x, int plane, int channels, float[] mean, int fromPlane, int toPlane,
                      double[] sums) {
        for (int p = fromPlane; p < toPlane; p++) {
            float m = mean[p % channels];
            double s1 = 0;
            double s2 = 0;
            for (int i = p * plane, end = i + plane; i < end; i++) {
                s1 += dy[i];
                s2 += (double) dy[i] * (x[i] - m);
            }
            sums[2 * p] = s1;
            sums[2 * p + 1] = s2;
        }
    }

    /**
     * {@code dx = a[c] * dy + b[c] * (x - mean[c]) + k[c]}: batch norm's input gradient with its sums expanded
     * (see {@code PureNormalizationKernels}); {@code dx} may be {@code dy}.
     */
    void inputGradient(float[] dy, float[] x, int plane, int channels, float[] a, float[] b, float[] mean, float[] k,
                       float[] dx, int fromPlane, int toPlane) {
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float ac = a[c];
            float bc = b[c];
            float m = mean[c];
            float kc = k[c];
            for (int i = p * plane, end = i + plane; i < end; i++) {
                dx[i] = ac * dy[i] + bc * (x[i] - m) + kc;
            }
        }
    }

    // ---- batch norm followed by ReLU (NormalizationKernels.batchNormRelu): the same loops with the ReLU inside ----

    /** {@code y = max((x - mean[c]) * scale[c] + beta[c], 0)}: {@link #normalize} and ReLU in one pass. */
    void normalizeRelu(float[] x, int plane, int channels, float[] mean, float[] scale, float[] beta, float[] y,
                       int fromPlane, int toPlane) {
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float m = mean[c];
            float a = scale[c];
            float b = beta[c];
            for (int i = p * plane, end = i + plane; i < end; i++) {
                y[i] = Math.max((x[i] - m) * a + b, 0f);
            }
        }
    }

    /**
     * {@link #gradientSums} of {@code dy} masked by ReLU: where the pre-activation, recomputed exactly as
     * {@link #normalizeRelu} computes it, is not positive, {@code dy} counts as 0.
     */
    void gradientSumsRelu(float[] dy, float[] x, int plane, int channels, float[] mean, float[] scale, float[] beta,
                          int fromPlane, int toPlane, double[] sums) {
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float m = mean[c];
            float a = scale[c];
            float b = beta[c];
            double s1 = 0;
            double s2 = 0;
            for (int i = p * plane, end = i + plane; i < end; i++) {
                float g = NormalizationLoops.reluGate((x[i] - m) * a + b, dy[i]);
                s1 += g;
                s2 += (double) g * (x[i] - m);
            }
            sums[2 * p] = s1;
            sums[2 * p + 1] = s2;
        }
    }

    /** {@link #inputGradient} of {@code dy} masked as in {@link #gradientSumsRelu}; {@code dx} may be {@code dy}. */
    void inputGradientRelu(float[] dy, float[] x, int plane, int channels, float[] a, float[] b, float[] mean,
                           float[] k, float[] scale, float[] beta, float[] dx, int fromPlane, int toPlane) {
        for (int p = fromPlane; p < toPlane; p++) {
            int c = p % channels;
            float ac = a[c];
            float bc = b[c];
            float m = mean[c];
            float kc = k[c];
            float sc = scale[c];
            float be = beta[c];
            for (int i = p * plane, end = i + plane; i < end; i++) {
                float g = NormalizationLoops.reluGate((x[i] - m) * sc + be, dy[i]);
                dx[i] = ac * g + bc * (x[i] - m) + kc;
            }
        }
    }
}
