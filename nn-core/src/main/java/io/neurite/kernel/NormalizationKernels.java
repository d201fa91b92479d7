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

    /**
     * {@link #batchNorm} followed by a ReLU in the same pass: {@code y = max(z, 0)} with {@code z} what
     * {@code batchNorm} writes (bit for bit, and {@code max} as {@code Math.max}, so that the pair gives what
     * {@code BatchNorm} then {@code ReLU} give). {@code y} is overwritten and may be {@code x}. This is how
     * {@code Sequential} runs a {@code BatchNorm} followed by a {@code ReLU}: one pass over the tensor instead of two.
     */
    void batchNormRelu(Tensor x, Tensor mean, Tensor variance, float epsilon, Tensor gamma, Tensor beta, Tensor y);

    /**
     * Backward through {@link #batchNormRelu} with the batch's own statistics: {@link #batchNormBackward} of
     * {@code gradY * (z > 0)}, where {@code z} is batch norm's output, recomputed from {@code x} exactly as
     * {@code batchNormRelu} computes it (so the mask is the forward's; ReLU's derivative at 0 is 0, as
     * {@code ReLU}'s). Recomputing costs an operation per element where reading the forward's output would cost a
     * second stream of memory. {@code gradX} is overwritten and may be {@code gradY}; the {@code [C]} gradients
     * are accumulated into.
     */
    void batchNormReluBackward(Tensor x, Tensor gradY, Tensor mean, Tensor variance, float epsilon, Tensor gamma,
                               Tensor beta, Tensor gradX, Tensor gradGamma, Tensor gradBeta);
}
