package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A fully connected layer, {@code Y = X·W + b}: input {@code [batch, in]}, output {@code [batch, out]}.
 *
 * <p>The weight {@code W} is stored {@code [in, out]} (as in Keras, the transpose of PyTorch's
 * {@code Linear.weight}) so that the forward product needs no transpose. All three products go through
 * {@link Backend#gemm} with transpose flags, never through a transposed copy:
 * <pre>
 *   Y  = X · W                 gemm(X, W)
 *   dX = dY · Wᵀ               gemm(dY, W, transB)
 *   dW += Xᵀ · dY              gemm(X, transA, dY, beta = 1)   accumulates
 *   db += column sums of dY    sumColumns, then add             accumulates
 * </pre>
 * The two backward products are independent and of equal size ({@code batch·in·out} multiply-adds each), so
 * {@code backward} hands them to {@link Backend#concurrently}: on two threads each runs whole on its own core,
 * instead of each being split over both.
 * The bias starts at zero; the weight comes from an {@link Initializer} with an explicit seed.
 */
public final class Dense implements Layer {
    /** Model files store the sizes; the weights are stored as parameters, so the layer starts at zeros. */
    public static final LayerCodec<Dense> CODEC = LayerCodec.of("Dense", Dense.class,
            (layer, config) -> config.put("inputs", layer.inputSize()).put("outputs", layer.outputSize()),
            // The weights are overwritten from the file right after building; zeros avoid drawing
            // random numbers that would be thrown away.
            config -> new Dense(config.getInt("inputs"), config.getInt("outputs"), Initializer.zeros()));

    private final int inputs;
    private final int outputs;
    private final Initializer weightInit;

    private Parameter weight;
    private Parameter bias;
    private List<Parameter> parameters;
    /** Column sums of dY before they are added to the bias gradient: one {@code [out]} tensor, reused. */
    private Tensor biasGradScratch;

    private final BufferCache buffers = new BufferCache();
    private Tensor lastInput;
    /** The backward pass's operands, in fields so that its two halves are made once, not per call. */
    private Tensor pendingGradOutput;
    private Tensor pendingGradInput;
    private final Runnable parameterGradients = this::accumulateParameterGradients;
    private final Runnable inputGradient = this::computeInputGradient;

    /**
     * @param inputs     features per input sample
     * @param outputs    features per output sample
     * @param weightInit e.g. {@link Initializer#heNormal(long)} before a ReLU,
     *                   {@link Initializer#xavierUniform(long)} before tanh/sigmoid/softmax
     */
    public Dense(int inputs, int outputs, Initializer weightInit) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("Dense " + inputs + "→" + outputs
                    + ": both sizes must be at least 1");
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.weightInit = Objects.requireNonNull(weightInit, "weightInit");
    }

    /** A Dense layer with He-normal weights from {@code seed} (the usual choice before a ReLU). */
    public Dense(int inputs, int outputs, long seed) {
        this(inputs, outputs, Initializer.heNormal(seed));
    }

    public int inputSize() {
        return inputs;
    }

    public int outputSize() {
        return outputs;
    }

    public Initializer weightInitializer() {
        return weightInit;
    }

    /** The {@code [in, out]} weight; fails if the layer is not built yet. */
    public Parameter weight() {
        requireBuilt();
        return weight;
    }

    /** The {@code [out]} bias; fails if the layer is not built yet. */
    public Parameter bias() {
        requireBuilt();
        return bias;
    }

    @Override
    public Shape outputShape(Shape inputShape) {
        if (inputShape.rank() != 1 || inputShape.dim(0) != inputs) {
            String hint = inputShape.rank() == 1
                    ? "make this layer Dense " + inputShape.dim(0) + "→" + outputs
                            + " or the previous layer produce " + inputs + " features"
                    : "Dense takes a vector per sample; flatten the input to [" + inputShape.size() + "] first (add"
                            + " a Flatten layer before this one)";
            throw new LayerShapeException(toString(), "input [" + inputs + "]", inputShape, hint);
        }
        return Shape.of(outputs);
    }

    @Override
    public void build(Backend backend, Shape inputShape) {
        outputShape(inputShape);
        if (weight != null) {
            if (weight.value().backend() != backend) {
                throw new IllegalStateException(this + " is already built on backend '"
                        + weight.value().backend().name() + "' and cannot be built again on '" + backend.name()
                        + "'; create a new layer (or copy the weights with tensor.to(backend))");
            }
            return;
        }
        Tensor w = weightInit.create(backend, Shape.of(inputs, outputs), inputs, outputs);
        if (!w.shape().equals(Shape.of(inputs, outputs)) || w.backend() != backend) {
            throw new IllegalStateException(this + ": the initializer " + weightInit + " returned " + w.shape()
                    + " on '" + w.backend().name() + "' instead of [" + inputs + ", " + outputs + "] on '"
                    + backend.name() + "'");
        }
        weight = new Parameter("weight", w);
        bias = Parameter.noDecay("bias", backend.zeros(Shape.of(outputs)));
        parameters = List.of(weight, bias);
        biasGradScratch = backend.zeros(Shape.of(outputs));
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        requireBuilt();
        Shape s = input.shape();
        if (s.rank() != 2 || s.dim(1) != inputs) {
            throw new IllegalArgumentException(this + ": the input batch is " + s + " but this layer takes [batch, "
                    + inputs + "]");
        }
        Backend backend = weight.value().backend();
        Shape outShape = Shape.of(s.dim(0), outputs);
        Tensor out = training ? buffers.get("out", backend, outShape) : backend.zeros(outShape);
        backend.gemm(1f, input, false, weight.value(), false, 0f, out);
        out.addRowVectorInPlace(bias.value());
        if (training) {
            lastInput = input;
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        requireBuilt();
        if (lastInput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        int batch = lastInput.shape().dim(0);
        if (!gradOutput.shape().equals(Shape.of(batch, outputs))) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training output was [" + batch + ", " + outputs + "]");
        }
        Backend backend = weight.value().backend();
        pendingGradOutput = gradOutput;
        try {
            if (!inputGradientNeeded) {
                accumulateParameterGradients();
                return null;
            }
            Tensor gradInput = buffers.get("gradInput", backend, lastInput.shape());
            pendingGradInput = gradInput;
            backend.concurrently((long) batch * inputs * outputs, inputGradient, parameterGradients);
            return gradInput;
        } finally {
            pendingGradOutput = null;
            pendingGradInput = null;
        }
    }

    /**
     * {@code dW += Xᵀ·dY} and {@code db += column sums of dY}; right after a {@code zeroGrad()}, {@code dW = Xᵀ·dY}
     * and {@code db = column sums}, so that the gradients are not zeroed in a pass of their own first.
     */
    private void accumulateParameterGradients() {
        Tensor gradOutput = pendingGradOutput;
        float weightBeta = weight.gradientBeta();
        weight.value().backend().gemm(1f, lastInput, true, gradOutput, false, weightBeta, weight.grad());
        if (bias.gradientBeta() == 0f) {
            gradOutput.sumColumns(bias.grad());
        } else {
            gradOutput.sumColumns(biasGradScratch);
            bias.grad().addInPlace(biasGradScratch);
        }
    }

    /** {@code dX = dY·Wᵀ}. */
    private void computeInputGradient() {
        weight.value().backend().gemm(1f, pendingGradOutput, false, weight.value(), true, 0f, pendingGradInput);
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return parameters;
    }

    private void requireBuilt() {
        if (weight == null) {
            throw new IllegalStateException(this + " is not built yet: add it to a Sequential, or call build(backend, "
                    + "Shape.of(" + inputs + "))");
        }
    }

    @Override
    public String toString() {
        return "Dense " + inputs + "→" + outputs;
    }
}
