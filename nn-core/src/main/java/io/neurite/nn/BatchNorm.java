package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.kernel.NormalizationKernels;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by
 * Reducing Internal Covariate Shift") per channel, for {@code [batch, C]} (after a Dense) or
 * {@code [batch, C, H, W]} (after a Conv2D): {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}.
 *
 * <ul>
 *   <li>Training ({@code forward(x, true)}): mean and biased variance of the batch (over batch and pixels),
 *       and the running statistics move towards them, {@code running = (1 - momentum) * running + momentum *
 *       batch}, the running variance with the unbiased batch variance ({@code * M / (M - 1)}) — as PyTorch's
 *       {@code BatchNorm2d} with its defaults {@code momentum = 0.1}, {@code epsilon = 1e-5}.</li>
 *   <li>Inference ({@code forward(x, false)}): the running statistics; nothing changes.</li>
 * </ul>
 * Parameters: {@code weight} (gamma, starts at 1) and {@code bias} (beta, starts at 0), both {@code [C]}.
 * Buffers (not trained, not decayed, saved in model files): {@code running_mean} (starts at 0) and
 * {@code running_var} (starts at 1). The names are PyTorch's, so that exported files map one to one.
 */
public final class BatchNorm implements Layer {
    /** The model-file codec (type {@code BatchNorm}). */
    public static final LayerCodec<BatchNorm> CODEC = LayerCodec.of("BatchNorm", BatchNorm.class,
            (layer, config) -> config.put("channels", layer.channels).put("momentum", layer.momentum)
                    .put("epsilon", layer.epsilon),
            config -> new BatchNorm(config.getInt("channels"), config.getFloat("momentum"),
                    config.getFloat("epsilon")));

    private final int channels;
    private final float momentum;
    private final float epsilon;

    private Parameter gamma;
    private Parameter beta;
    private List<Parameter> parameters;
    private Tensor runningMean;
    private Tensor runningVar;
    private List<Buffer> buffers;
    /** The last training batch's statistics, needed by backward. */
    private Tensor batchMean;
    private Tensor batchVar;

    private final BufferCache cache = new BufferCache();
    private Tensor lastInput;
    /** Whether the last training forward was {@link #forwardRelu}, so which backward applies. */
    private boolean lastFused;

    /** With PyTorch's defaults, momentum 0.1 and epsilon 1e-5. */
    public BatchNorm(int channels) {
        this(channels, 0.1f, 1e-5f);
    }

    /**
     * @param channels the size of axis 1 of the input
     * @param momentum weight of the new batch in the running statistics, in {@code (0, 1]}
     * @param epsilon  added to the variance before the square root, {@code > 0}
     */
    public BatchNorm(int channels, float momentum, float epsilon) {
        if (channels < 1) {
            throw new IllegalArgumentException("BatchNorm: channels must be at least 1 but was " + channels);
        }
        if (!(momentum > 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("BatchNorm: momentum must be in (0, 1] but was " + momentum
                    + " (it is the weight of the new batch, as in PyTorch; Keras's 0.99 is PyTorch's 0.01)");
        }
        if (!(epsilon > 0f) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("BatchNorm: epsilon must be a positive number but was " + epsilon);
        }
        this.channels = channels;
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    public int channels() {
        return channels;
    }

    public float momentum() {
        return momentum;
    }

    public float epsilon() {
        return epsilon;
    }

    /** The {@code [C]} running mean (a buffer); fails if the layer is not built yet. */
    public Tensor runningMean() {
        requireBuilt();
        return runningMean;
    }

    /** The {@code [C]} running variance (a buffer); fails if the layer is not built yet. */
    public Tensor runningVar() {
        requireBuilt();
        return runningVar;
    }

    @Override
    public Shape outputShape(Shape in) {
        String expected = "input [" + channels + "] or [" + channels + ", height, width]";
        if (in.rank() != 1 && in.rank() != 3) {
            throw new LayerShapeException(toString(), expected, in, "BatchNorm normalises vectors [C] (after a"
                    + " Dense) or images [C, H, W] (after a Conv2D)");
        }
        if (in.dim(0) != channels) {
            throw new LayerShapeException(toString(), expected, in, "the input has " + in.dim(0)
                    + " channels; make this layer BatchNorm(" + in.dim(0) + ")");
        }
        return in;
    }

    @Override
    public void build(Backend backend, Shape in) {
        outputShape(in);
        if (gamma != null) {
            if (gamma.value().backend() != backend) {
                throw new IllegalStateException(this + " is already built on backend '"
                        + gamma.value().backend().name() + "' and cannot be built again on '" + backend.name() + "'");
            }
            return;
        }
        Shape c = Shape.of(channels);
        gamma = Parameter.noDecay("weight", backend.full(c, 1f));
        beta = Parameter.noDecay("bias", backend.zeros(c));
        parameters = List.of(gamma, beta);
        runningMean = backend.zeros(c);
        runningVar = backend.full(c, 1f);
        buffers = List.of(new Buffer("running_mean", runningMean), new Buffer("running_var", runningVar));
        batchMean = backend.zeros(c);
        batchVar = backend.zeros(c);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        return forwardThrough(input, training, false);
    }

    /**
     * This layer followed by a {@link ReLU}, in one pass over the tensor ({@link NormalizationKernels#batchNormRelu}):
     * what {@code Sequential} runs for a BatchNorm directly followed by a ReLU, saving the ReLU's read and write
     * of the whole activation forward and backward. The ReLU layer itself is then not run; backward through the
     * pair is {@link #backwardRelu}.
     */
    Tensor forwardRelu(Tensor input, boolean training) {
        return forwardThrough(input, training, true);
    }

    private Tensor forwardThrough(Tensor input, boolean training, boolean relu) {
        requireBuilt();
        Shape s = input.shape();
        if ((s.rank() != 2 && s.rank() != 4) || s.dim(1) != channels) {
            throw new IllegalArgumentException(this + ": the input batch is " + s + " but this layer takes [batch, "
                    + channels + "] or [batch, " + channels + ", height, width]");
        }
        Backend backend = gamma.value().backend();
        NormalizationKernels k = backend.kernels().normalization();
        if (!training) {
            Tensor out = backend.zeros(s);
            if (relu) {
                k.batchNormRelu(input, runningMean, runningVar, epsilon, gamma.value(), beta.value(), out);
            } else {
                k.batchNorm(input, runningMean, runningVar, epsilon, gamma.value(), beta.value(), out);
            }
            return out;
        }
        long count = (long) s.size() / channels;
        if (count < 2) {
            throw new IllegalArgumentException(this + ": a training batch " + s + " has one value per channel, so its"
                    + " variance is undefined; train with batches of at least 2 samples");
        }
        k.channelMeanVariance(input, batchMean, batchVar);
        Tensor out = cache.get("out", backend, s);
        if (relu) {
            k.batchNormRelu(input, batchMean, batchVar, epsilon, gamma.value(), beta.value(), out);
        } else {
            k.batchNorm(input, batchMean, batchVar, epsilon, gamma.value(), beta.value(), out);
        }
        runningMean.scaleInPlace(1f - momentum).addScaledInPlace(momentum, batchMean);
        runningVar.scaleInPlace(1f - momentum).addScaledInPlace((float) (momentum * count / (double) (count - 1)),
                batchVar);
        lastInput = input;
        lastFused = relu;
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return backwardThrough(gradOutput, false);
    }

    /** Backward through this layer and the ReLU after it, after a training {@link #forwardRelu}. */
    Tensor backwardRelu(Tensor gradOutput) {
        return backwardThrough(gradOutput, true);
    }

    private Tensor backwardThrough(Tensor gradOutput, boolean relu) {
        requireBuilt();
        if (lastInput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        if (!gradOutput.shape().equals(lastInput.shape())) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training output was " + lastInput.shape());
        }
        if (relu != lastFused) {
            throw new IllegalStateException(this + ": the last training forward " + (lastFused
                    ? "was fused with the ReLU after it, so backward must go through both (Sequential.backward)"
                    : "was this layer alone, so there is no ReLU to back-propagate through"));
        }
        Backend backend = gamma.value().backend();
        Tensor gradInput = cache.get("gradInput", backend, lastInput.shape());
        NormalizationKernels k = backend.kernels().normalization();
        if (relu) {
            k.batchNormReluBackward(lastInput, gradOutput, batchMean, batchVar, epsilon, gamma.value(), beta.value(),
                    gradInput, gamma.grad(), beta.grad());
        } else {
            k.batchNormBackward(lastInput, gradOutput, batchMean, batchVar, epsilon, gamma.value(), gradInput,
                    gamma.grad(), beta.grad());
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return parameters;
    }

    @Override
    public List<Buffer> buffers() {
        requireBuilt();
        return buffers;
    }

    private void requireBuilt() {
        if (gamma == null) {
            throw new IllegalStateException(this + " is not built yet: add it to a Sequential, or call build(backend, "
                    + "Shape.of(" + channels + ", height, width))");
        }
    }

    @Override
    public String toString() {
        return "BatchNorm(" + channels + ")";
    }
}
