package io.neurite.nn;

import io.neurite.io.LayerCodec;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * Row-wise softmax over a vector per sample ({@code [batch, classes]}), stable (the row maximum is subtracted
 * first). For training a classifier, do not end the model with this layer: feed the logits to
 * {@code io.neurite.loss.SoftmaxCrossEntropy}, which fuses both and has a simpler, stabler gradient. Use this
 * layer when the probabilities themselves are the output.
 *
 * <p>Backward, with {@code y = softmax(x)}: {@code dX = y ⊙ (dY − rowSum(dY ⊙ y))}. The row sums are a
 * gemm against a row of ones and are subtracted by a rank-1 gemm update, since the Tensor API broadcasts only
 * along rows.
 */
public final class Softmax implements Layer {
    /** Model files store only the type: the layer has no configuration. */
    public static final LayerCodec<Softmax> CODEC = LayerCodec.stateless("Softmax", Softmax.class, Softmax::new);

    private final BufferCache buffers = new BufferCache();
    private Tensor lastOutput;

    @Override
    public Shape outputShape(Shape inputShape) {
        if (inputShape.rank() != 1) {
            throw new LayerShapeException(toString(), "a vector per sample", inputShape,
                    "flatten the input to [" + inputShape.size() + "] first");
        }
        return inputShape;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        input.shape().requireRank(toString(), 2);
        if (!training) {
            return input.softmaxRows(input.newLike());
        }
        lastOutput = input.softmaxRows(buffers.get("out", input.backend(), input.shape()));
        return lastOutput;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException(this + ": backward called before a training forward(x, true)");
        }
        if (!gradOutput.shape().equals(lastOutput.shape())) {
            throw new IllegalArgumentException(this + ": gradOutput is " + gradOutput.shape()
                    + " but the last training output was " + lastOutput.shape());
        }
        Backend backend = gradOutput.backend();
        int rows = gradOutput.shape().dim(0);
        int cols = gradOutput.shape().dim(1);
        Tensor ones = buffers.get("ones", backend, Shape.of(1, cols)).fill(1f);
        Tensor product = buffers.get("product", backend, gradOutput.shape());
        Tensor rowSums = buffers.get("rowSums", backend, Shape.of(rows, 1));
        Tensor gradInput = buffers.get("gradInput", backend, gradOutput.shape());

        gradOutput.mul(lastOutput, product);
        backend.gemm(1f, product, false, ones, true, 0f, rowSums);     // [rows, 1] = (dY ⊙ y) · 1
        gradInput.copyFrom(gradOutput);
        backend.gemm(-1f, rowSums, false, ones, false, 1f, gradInput); // dY − s · 1ᵀ
        return gradInput.mulInPlace(lastOutput);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String toString() {
        return "Softmax";
    }
}
