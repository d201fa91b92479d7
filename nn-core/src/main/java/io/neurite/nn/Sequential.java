package io.neurite.nn;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Layers applied one after the other, built for one per-sample input shape on one backend.
 *
 * <p>Construction checks every layer's shapes before any data flows and then builds the layers' parameters;
 * an incompatible layer fails with its index, type, and both shapes:
 * <pre>
 *   layer 2 (Dense 64→10) expects input [64] but the previous layer produces [128]; make this layer ...
 * </pre>
 * Parameters and buffers are exposed with model-wide unique names, the layer index then the local name
 * ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, {@code 1.running_mean}, and {@code 3.0.weight} inside
 * a nested model); {@link #qualifiedName} is the one place that rule is written. {@link #parameters()} returns the
 * same list of the same objects every time, so optimizers can key their state on them.
 *
 * <p>{@link #predict} (inference) writes no state and may be called from many threads at once, as long as no
 * thread trains the model at the same time. Training ({@code forward(x, true)}, {@link #backward}) is for
 * one thread. A Sequential is itself a {@link Layer}, so models nest.
 *
 * <p>A {@link BatchNorm} directly followed by a {@link ReLU} runs as one fused pass, in training and in
 * inference: the same results as the two layers one after the other (see {@code fusedWithNext}).
 */
public final class Sequential implements Layer {
    private final Backend backend;
    private final Shape inputShape;
    private final List<Layer> layers;
    private final List<Shape> outputShapes;
    private final List<Parameter> parameters;
    private final List<Buffer> buffers;
    /**
     * {@code fusedWithNext[i]}: layer {@code i} is a {@link BatchNorm} directly followed by a {@link ReLU}, and
     * the two run as one pass ({@link BatchNorm#forwardRelu}, {@link BatchNorm#backwardRelu}), which saves a
     * read and a write of the whole activation each way (the CNN's largest tensors). An execution detail only:
     * the layers, their state, the summary and model files are those of the two layers.
     */
    private final boolean[] fusedWithNext;

    /** Checks and builds {@code layers} for per-sample inputs of {@code inputShape} on {@code backend}. */
    public static Sequential of(Backend backend, Shape inputShape, Layer... layers) {
        return new Sequential(backend, inputShape, Arrays.asList(layers));
    }

    /** As {@link #of(Backend, Shape, Layer...)}. */
    public Sequential(Backend backend, Shape inputShape, List<? extends Layer> layers) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential: no layers given; add at least one layer");
        }
        List<Layer> copy = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            copy.add(Objects.requireNonNull(layers.get(i), "layer " + i + " is null"));
        }
        this.layers = Collections.unmodifiableList(copy);
        this.fusedWithNext = new boolean[copy.size()];
        for (int i = 0; i + 1 < copy.size(); i++) {
            fusedWithNext[i] = copy.get(i) instanceof BatchNorm && copy.get(i + 1) instanceof ReLU;
        }

        // Check all shapes first, so that a mistake in layer 5 is reported before layer 0 allocates weights.
        List<Shape> shapes = new ArrayList<>();
        Shape shape = inputShape;
        for (int i = 0; i < copy.size(); i++) {
            shape = checkedOutputShape(i, shape);
            shapes.add(shape);
        }
        this.outputShapes = Collections.unmodifiableList(shapes);

        List<Parameter> named = new ArrayList<>();
        List<Buffer> namedBuffers = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            Layer layer = copy.get(i);
            layer.build(backend, i == 0 ? inputShape : shapes.get(i - 1));
            for (Parameter p : layer.parameters()) {
                named.add(p.withName(qualifiedName(i, p.name())));
            }
            for (Buffer b : layer.buffers()) {
                namedBuffers.add(b.withName(qualifiedName(i, b.name())));
            }
        }
        this.parameters = Collections.unmodifiableList(named);
        this.buffers = Collections.unmodifiableList(namedBuffers);
    }

    /**
     * The model-wide name of layer {@code index}'s parameter or buffer {@code localName}: {@code "2.weight"}.
     * A nested model's names are already model-wide within it, so the rule composes: {@code "3.0.weight"}.
     */
    public static String qualifiedName(int index, String localName) {
        return index + "." + localName;
    }

    private Shape checkedOutputShape(int index, Shape in) {
        Layer layer = layers.get(index);
        try {
            return Objects.requireNonNull(layer.outputShape(in), "outputShape of " + layer);
        } catch (LayerShapeException e) {
            String source = index == 0 ? "the model input is " : "the previous layer produces ";
            throw new IllegalArgumentException("layer " + index + " (" + layer + ") expects " + e.expected() + " but "
                    + source + e.actual() + (e.hint().isEmpty() ? "" : "; " + e.hint()), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + index + " (" + layer + ") cannot take input " + in + ": "
                    + e.getMessage(), e);
        }
    }

    public Backend backend() {
        return backend;
    }

    /** The per-sample input shape this model was built for. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The per-sample output shape. */
    public Shape outputShape() {
        return outputShapes.get(outputShapes.size() - 1);
    }

    /** The layers, in order (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    /** Inference on a batch {@code [batch, ...inputShape]}: a new tensor; thread-safe (see class doc). */
    public Tensor predict(Tensor input) {
        return forward(input, false);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        checkInput(input);
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            if (fusedWithNext[i]) {
                x = ((BatchNorm) layers.get(i)).forwardRelu(x, training);
                i++; // the ReLU ran inside
            } else {
                x = layers.get(i).forward(x, training);
            }
        }
        return x;
    }

    private void checkInput(Tensor input) {
        Shape s = input.shape();
        boolean ok = s.rank() == inputShape.rank() + 1;
        for (int d = 0; ok && d < inputShape.rank(); d++) {
            ok = s.dim(d + 1) == inputShape.dim(d);
        }
        if (!ok) {
            String expected = "[batch, " + Arrays.toString(inputShape.dims()).substring(1);
            throw new IllegalArgumentException("Sequential: the input batch is " + s + " but the model was built for "
                    + expected + " (per-sample input " + inputShape + ")");
        }
        if (input.backend() != backend) {
            throw new IllegalArgumentException("Sequential: the input lives on backend '" + input.backend().name()
                    + "' but the model on '" + backend.name() + "'; move it with input.to(model.backend())");
        }
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    /**
     * Back-propagates dLoss/dOutput of the last training forward through every layer, accumulating parameter
     * gradients. With {@code inputGradientNeeded == false} the first layer may skip dLoss/dInput (saving a
     * whole gemm for a Dense) and {@code null} is returned: the training loop's usual call.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (i > 0 && fusedWithNext[i - 1]) {
                i--; // layer i is the ReLU fused into the BatchNorm before it
                g = ((BatchNorm) layers.get(i)).backwardRelu(g);
            } else {
                g = layers.get(i).backward(g, i > 0 || inputGradientNeeded);
            }
        }
        return g;
    }

    /** Every parameter, named {@code <layer index>.<local name>}; the same list on every call. */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Every buffer (non-trainable state, e.g. running statistics), named as the parameters are; the same list
     * on every call. Optimizers never see them; model files save them.
     */
    @Override
    public List<Buffer> buffers() {
        return buffers;
    }

    /** The parameter with this model-wide name, e.g. {@code 0.weight}. */
    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.name()));
        throw new IllegalArgumentException("Sequential: no parameter named '" + name + "'; the parameters are "
                + names);
    }

    /** Sets every parameter gradient to zero (call before each training step). */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.value().size();
        }
        return n;
    }

    /** A table of the layers with their output shapes and parameter counts. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-5s %-24s %-16s %10s%n", "#", "layer", "output", "params"));
        sb.append(String.format("%-5s %-24s %-16s %10s%n", "", "input", inputShape, ""));
        for (int i = 0; i < layers.size(); i++) {
            long n = 0;
            for (Parameter p : layers.get(i).parameters()) {
                n += p.value().size();
            }
            sb.append(String.format("%-5d %-24s %-16s %10d%n", i, layers.get(i), outputShapes.get(i), n));
        }
        sb.append(String.format("total parameters: %d (backend %s)%n", parameterCount(), backend.name()));
        return sb.toString();
    }

    /** As a layer inside another model: takes exactly the input shape it was built for. */
    @Override
    public Shape outputShape(Shape in) {
        if (!in.equals(inputShape)) {
            throw new LayerShapeException(toString(), "input " + inputShape, in, "");
        }
        return outputShape();
    }

    @Override
    public void build(Backend other, Shape in) {
        outputShape(in);
        if (other != backend) {
            throw new IllegalStateException(this + " is built on backend '" + backend.name()
                    + "' and cannot be used in a model on '" + other.name() + "'");
        }
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers, " + inputShape + "→" + outputShape() + ")";
    }
}
