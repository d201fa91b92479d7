package io.neurite.kernel;

import io.neurite.tensor.Tensor;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015) per channel, for {@code x [N, C]} or {@code x [N, C, H, W]}:
 * statistics are taken over every axis but the channel one ({@code M = N} or {@code N * H * W} values per
 * channel). {@code mean}, {@code variance}, {@code gamma}, {@code beta} and their gradients are {@code [C]}.
 * Sums are accumulated in double. No kernel allocates a tensor.
 */
public interface NormalizationKernels {

    /** Per-channel mean and biased variance ({@code sum (x - mean)^2 / M}) into {@code mean} and {@code variance}. */
    void channelMeanVariance(Tensor x, Tensor mean, Tensor variance);

    /**
     * {@code y = gamma[c] * (x - mean[c]) / sqrt(variance[c] + epsilon) + beta[c]}; overwrites {@code y}
     * (which may be {@code x}).
     */
    void batchNorm(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta, Tensor y);

    /**
     * Backward through {@link #batchNorm} when {@code mean} and {@code variance} are the batch's own statistics
     * (training): with {@code xhat = (x - mean) / sqrt(variance + epsilon)},
     * <pre>
     *   gradBeta  += sum dy            gradGamma += sum dy * xhat
     *   gradX      = gamma / sqrt(variance + epsilon) * (dy - mean(dy) - xhat * mean(dy * xhat))
     * </pre>
     * {@code gradX} is overwritten and may be {@code gradY}; the sums are per channel.
     */
    void batchNormBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                           Tensor gradX, Tensor gradGamma, Tensor gradBeta);
}
