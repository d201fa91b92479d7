package io.neurite.kernel;

import io.neurite.tensor.Shape;

/**
 * The kernels of {@link NormalizationKernels} as plain loops over a range of channels of row-major
 * {@code float[]} data ({@code [N, C]} or {@code [N, C, H, W]}), shared by the backends that keep (or copy)
 * their elements on the Java heap. Statistics take one pass over shifted data in double (see
 * {@link #meanVariance}), with independent accumulators so that a sum is not one long chain of dependent
 * additions. The normalisation is a subtraction and a multiply-add per element with a per-channel scale.
 * A backend splits the channels over its threads; these loops allocate nothing.
 */
public final class NormalizationLoops {
    private final int batch;
    private final int channels;
    private final int plane;
    private final long count;

    /** For {@code x} of this shape. */
    public NormalizationLoops(Shape x) {
        this.batch = x.dim(0);
        this.channels = x.dim(1);
        this.plane = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
        this.count = (long) batch * plane;
    }

    public int channels() {
        return channels;
    }

    /** Channels per parallel task: enough elements (about 16K) to be worth a hand-off. */
    public int grain() {
        return Math.max(1, 16_384 / Math.max(1, batch * plane));
    }

    /**
     * One pass over each channel: the sums of {@code x - K} and {@code (x - K)^2} in double, with the shift
     * {@code K} the channel's first value, so that {@code var = (S2 - S1^2 / M) / M} does not cancel
     * catastrophically for data far from zero (the shifted-data algorithm; Chan, Golub &amp; LeVeque 1983).
     */
    public void meanVariance(float[] xs, float[] ms, float[] vs, int from, int to) {
        for (int c = from; c < to; c++) {
            float shift = xs[c * plane];
            double s1 = 0;
            double s2 = 0;
            for (int n = 0; n < batch; n++) {
                int o = (n * channels + c) * plane;
                double a0 = 0;
                double a1 = 0;
                double q0 = 0;
                double q1 = 0;
                int i = o;
                int end = o + plane;
                for (; i + 1 < end; i += 2) {
                    double d0 = (double) xs[i] - shift;
                    double d1 = (double) xs[i + 1] - shift;
                    a0 += d0;
                    a1 += d1;
                    q0 += d0 * d0;
                    q1 += d1 * d1;
                }
                for (; i < end; i++) {
                    double d = (double) xs[i] - shift;
                    a0 += d;
                    q0 += d * d;
                }
                s1 += a0 + a1;
                s2 += q0 + q1;
            }
            double meanShifted = s1 / count;
            ms[c] = (float) (shift + meanShifted);
            vs[c] = (float) Math.max(0, s2 / count - meanShifted * meanShifted);
        }
    }

    /**
     * {@code y = (x - mean) * scale + beta} with {@code scale = gamma / sqrt(var + epsilon)}: the mean is subtracted
     * before scaling, since {@code x * scale + (beta - mean * scale)} rounds two products of the size of
     * {@code mean * scale} (about 1e5 for data of mean 1000 and spread 0.01) and loses the result's low digits.
     */
    public void normalize(float[] xs, float[] ms, float[] vs, float epsilon, float[] gs, float[] bs, float[] ys,
                          int from, int to) {
        normalize(xs, ms, vs, epsilon, gs, bs, false, ys, from, to);
    }

    /**
     * As {@link #normalize(float[], float[], float[], float, float[], float[], float[], int, int)}, followed by
     * {@code max(y, 0)} when {@code relu} ({@link NormalizationKernels#batchNormRelu}).
     */
    public void normalize(float[] xs, float[] ms, float[] vs, float epsilon, float[] gs, float[] bs, boolean relu,
                          float[] ys, int from, int to) {
        for (int c = from; c < to; c++) {
            float scale = scale(gs, vs, epsilon, c);
            float m = ms[c];
            float shift = bs[c];
            for (int n = 0; n < batch; n++) {
                int o = (n * channels + c) * plane;
                if (relu) {
                    for (int i = o; i < o + plane; i++) {
                        ys[i] = Math.max((xs[i] - m) * scale + shift, 0f);
                    }
                } else {
                    for (int i = o; i < o + plane; i++) {
                        ys[i] = (xs[i] - m) * scale + shift;
                    }
                }
            }
        }
    }

    /** {@code gamma / sqrt(var + epsilon)} of channel {@code c}, the one rounding every pass uses. */
    private static float scale(float[] gs, float[] vs, float epsilon, int c) {
        return (float) (gs[c] / Math.sqrt((double) vs[c] + epsilon));
    }

    public void backward(float[] xs, float[] dys, float[] ms, float[] vs, float epsilon, float[] gs, float[] dxs,
                         float[] dgs, float[] dbs, int from, int to) {
        backward(xs, dys, ms, vs, epsilon, gs, null, false, dxs, dgs, dbs, from, to);
    }

    /**
     * Batch norm's backward pass ({@link NormalizationKernels#batchNormBackward}); with {@code relu}, of
     * {@code dy} masked where the recomputed pre-activation {@code (x - mean) * scale + beta} is not positive
     * ({@link NormalizationKernels#batchNormReluBackward}). {@code bs} (beta) is read only with {@code relu}.
     */
    public void backward(float[] xs, float[] dys, float[] ms, float[] vs, float epsilon, float[] gs, float[] bs,
                         boolean relu, float[] dxs, float[] dgs, float[] dbs, int from, int to) {
        for (int c = from; c < to; c++) {
            float m = ms[c];
            float scale = scale(gs, vs, epsilon, c);
            float shift = relu ? bs[c] : 0f;
            double sumDy = 0;
            double sumDyX = 0;
            for (int n = 0; n < batch; n++) {
                int o = (n * channels + c) * plane;
                if (relu) {
                    for (int i = o; i < o + plane; i++) {
                        float g = reluGate((xs[i] - m) * scale + shift, dys[i]);
                        sumDy += g;
                        sumDyX += (double) g * (xs[i] - m);
                    }
                } else {
                    sumDy += sum(dys, o, plane);
                    sumDyX += dotCentred(dys, xs, o, plane, m);
                }
            }
            double invStd = 1.0 / Math.sqrt((double) vs[c] + epsilon);
            // dx = a * dy + b * (x - mean) + k: NormalizationKernels.batchNormBackward with the sums expanded
            float a = (float) (gs[c] * invStd);
            float b = (float) (-gs[c] * invStd * invStd * invStd * sumDyX / count);
            float k = (float) (-gs[c] * invStd * sumDy / count);
            for (int n = 0; n < batch; n++) {
                int o = (n * channels + c) * plane;
                if (relu) {
                    for (int i = o; i < o + plane; i++) {
                        float g = reluGate((xs[i] - m) * scale + shift, dys[i]);
                        dxs[i] = a * g + b * (xs[i] - m) + k;
                    }
                } else {
                    for (int i = o; i < o + plane; i++) {
                        dxs[i] = a * dys[i] + b * (xs[i] - m) + k;
                    }
                }
            }
            dgs[c] += (float) (sumDyX * invStd);
            dbs[c] += (float) sumDy;
        }
    }

    /**
     * {@code z > 0f ? g : 0f} (ReLU's backward at pre-activation {@code z}; 0 at 0, -0 and NaN) without a branch:
     * the sign of a pre-activation is random, and as a branch it mispredicted every few elements (60 ms against
     * 15 ms for the CNN's first batch-norm backward on nd4j, one core; nd4j's {@code NativeKernels} measured the
     * same for ReLU's own backward). The float {@code z > 0} exactly when its bits {@code b} are in
     * {@code [1, 0x7F800000]}, i.e. when both {@code b - 1} and {@code 0x7F7FFFFF - (b - 1)} are non-negative;
     * -0.0 ({@code 0x80000000}) wraps to a large {@code b - 1} and fails the second test.
     */
    public static float reluGate(float z, float g) {
        int t = Float.floatToRawIntBits(z) - 1;
        int mask = ~((t | (0x7F7FFFFF - t)) >> 31);
        return Float.intBitsToFloat(Float.floatToRawIntBits(g) & mask);
    }

    private static double sum(float[] a, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + length;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum dy * (x - mean)}. */
    private static double dotCentred(float[] dy, float[] x, int from, int length, float mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + length;
        for (; i + 3 < end; i += 4) {
            s0 += (double) dy[i] * (x[i] - mean);
            s1 += (double) dy[i + 1] * (x[i + 1] - mean);
            s2 += (double) dy[i + 2] * (x[i + 2] - mean);
            s3 += (double) dy[i + 3] * (x[i + 3] - mean);
        }
        for (; i < end; i++) {
            s0 += (double) dy[i] * (x[i] - mean);
        }
        return (s0 + s1) + (s2 + s3);
    }

}
