package io.neurite.conformance;

import io.neurite.io.LayerCodec;
import io.neurite.nn.Buffer;
import io.neurite.nn.Layer;
import io.neurite.nn.LayerShapeException;
import io.neurite.nn.Parameter;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;

/**
 * A user-defined layer with a buffer, as BatchNorm's running statistics will be: the identity, which in
 * training also keeps an exponential running mean of its input per feature in the buffer {@code running_mean}.
 */
final class RunningMeanLayer implements Layer {
    static final LayerCodec<RunningMeanLayer> CODEC = LayerCodec.of("RunningMean", RunningMeanLayer.class,
            (layer, config) -> config.put("momentum", layer.momentum),
            config -> new RunningMeanLayer(config.getFloat("momentum")));

    final float momentum;
    private Buffer mean;
    private Tensor batchMean;

    RunningMeanLayer(float momentum) {
        this.momentum = momentum;
    }

    @Override
    public Shape outputShape(Shape inputShape) {
        if (inputShape.rank() != 1) {
            throw new LayerShapeException(toString(), "a vector per sample", inputShape, "");
        }
        return inputShape;
    }

    @Override
    public void build(Backend backend, Shape inputShape) {
        if (mean == null) {
            mean = new Buffer("running_mean", backend.zeros(inputShape));
            batchMean = backend.zeros(inputShape);
        }
    }

    Tensor runningMean() {
        return mean.value();
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        if (training) {
            input.sumColumns(batchMean).scaleInPlace((1 - momentum) / input.shape().dim(0));
            mean.value().scaleInPlace(momentum).addInPlace(batchMean);
        }
        return input;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return gradOutput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(mean);
    }

    @Override
    public String toString() {
        return "RunningMean(" + momentum + ")";
    }
}
