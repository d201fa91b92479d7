package io.neurite.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.neurite.data.Normalizer;
import io.neurite.io.ModelFileSchema.Content;
import io.neurite.io.ModelFileSchema.LayerSpec;
import io.neurite.io.ModelFileSchema.ModelSpec;
import io.neurite.io.ModelFileSchema.OptimizerSpec;
import io.neurite.nn.Buffer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one model file in three jobs, so that nothing is built from a file that is not entirely sound:
 * <ol>
 *   <li>{@link ModelFileContainer}: the zip, the description's JSON, and every listed entry's CRC-32,
 *       SHA-256 and {@code .npy} header;</li>
 *   <li>{@link ModelFileSchema}: every field of the description for its format version;</li>
 *   <li>here, the assembly: the layers are created by their codecs and the Sequential built on the backend,
 *       its shapes, parameter and buffer names checked against the description, and only then the values
 *       copied in, the layers' run-time state restored and the optimizer rebuilt with its state.</li>
 * </ol>
 * Every failure is a {@link ModelFileException} saying what is wrong and what to do.
 */
final class ModelFileReader {
    private final Path file;
    private final Backend backend;
    private final LayerCodecs codecs;

    /** A layer whose saved run-time state is restored once the whole model is built and bound. */
    private record PendingState(LayerCodec<Layer> codec, Layer layer, LayerSpec spec) {
    }

    private final List<PendingState> pendingStates = new ArrayList<>();

    ModelFileReader(Path file, Backend backend, LayerCodecs codecs) {
        this.file = file;
        this.backend = backend;
        this.codecs = codecs;
    }

    SavedModel read() throws ModelFileException {
        try (ModelFileContainer container = ModelFileContainer.open(file)) {
            JsonNode root = container.description();
            ModelFileSchema schema = new ModelFileSchema(file);
            int version = schema.version(root);
            Content content = schema.content(root, version, container.arrays(schema.entries(root)));

            Sequential model = build(content.model());
            bind("parameter", names(model.parameters()), values(model.parameters()), content.parameters());
            if (version >= 2) {
                bind("buffer", model.buffers().stream().map(Buffer::name).toList(),
                        model.buffers().stream().map(Buffer::value).toList(), content.buffers());
            }
            restoreLayerStates();
            OptimizerSpec o = content.optimizer();
            Optional<OptimizerState> state = o == null ? Optional.empty() : Optional.of(optimizerState(o, model));
            Optional<Optimizer> optimizer = o == null || o.config() == null ? Optional.empty()
                    : Optional.of(optimizer(o, state.orElseThrow(), model));
            checkAgainstModel(model, content.normalizer(), content.classNames());
            return new SavedModel(file, version, model, state,
                    Optional.ofNullable(o).map(OptimizerSpec::description), Optional.ofNullable(content.normalizer()),
                    content.classNames(), content.metadata(), optimizer, Optional.ofNullable(content.training()));
        } catch (IOException e) {
            if (e instanceof ModelFileException m) {
                throw m;
            }
            throw fail("cannot be read (" + e + "); " + ModelFileException.DAMAGED, e);
        }
    }

    private Sequential build(ModelSpec spec) throws ModelFileException {
        List<Layer> layers = new ArrayList<>();
        Shape in = spec.input();
        for (LayerSpec l : spec.layers()) {
            if (l.nested() != null) {
                if (!l.nested().input().equals(in)) {
                    throw fail(l.where() + " (nested Sequential) takes " + l.nested().input() + " but receives " + in
                            + "; " + ModelFileException.DAMAGED);
                }
                layers.add(build(l.nested()));
            } else {
                layers.add(createLayer(l));
            }
            in = l.output();
        }
        Sequential model;
        try {
            model = new Sequential(backend, spec.input(), layers);
        } catch (RuntimeException e) {
            throw fail("describes an architecture that cannot be built (" + e.getMessage() + "); "
                    + ModelFileException.DAMAGED, e);
        }
        Shape shape = spec.input();
        for (int i = 0; i < spec.layers().size(); i++) {
            shape = model.layers().get(i).outputShape(shape);
            LayerSpec l = spec.layers().get(i);
            if (!shape.equals(l.output())) {
                throw fail(l.where() + " (" + model.layers().get(i) + ") produces " + shape + " but the file says "
                        + l.output() + "; " + ModelFileException.DAMAGED);
            }
        }
        if (!model.outputShape().equals(spec.output())) {
            throw fail("the model produces " + model.outputShape() + " but the file says " + spec.output() + "; "
                    + ModelFileException.DAMAGED);
        }
        return model;
    }

    @SuppressWarnings("unchecked")
    private Layer createLayer(LayerSpec l) throws ModelFileException {
        LayerCodec<Layer> codec = (LayerCodec<Layer>) codecs.forType(l.type());
        if (codec == null) {
            throw fail(l.where() + " has type '" + l.type() + "', which this program does not know (it knows "
                    + codecs.known() + " and Sequential); load it with the codecs of the program that saved it"
                    + " (ModelFile.read(file, backend, codecs))");
        }
        LayerConfig config = LayerConfig.of(l.config());
        Layer layer;
        try {
            layer = codec.create(config);
        } catch (RuntimeException e) {
            throw fail(l.where() + " (" + l.type() + ") has an invalid config " + l.config() + ": " + e.getMessage()
                    + "; " + ModelFileException.DAMAGED, e);
        }
        List<String> unknown = config.unread();
        if (!unknown.isEmpty()) {
            throw fail(l.where() + " (" + l.type() + ") has config fields " + unknown + " that this version does not"
                    + " know; it was written by another version of Neurite — upgrade to load it");
        }
        if (l.state() != null) {
            pendingStates.add(new PendingState(codec, layer, l));
        }
        return layer;
    }

    private void restoreLayerStates() throws ModelFileException {
        for (PendingState p : pendingStates) {
            LayerConfig state = LayerConfig.of(p.spec().state());
            try {
                p.codec().readState(p.layer(), state);
            } catch (RuntimeException e) {
                throw fail(p.spec().where() + " (" + p.spec().type() + ") has an invalid state " + p.spec().state()
                        + ": " + e.getMessage() + "; " + ModelFileException.DAMAGED, e);
            }
            List<String> unknown = state.unread();
            if (!unknown.isEmpty()) {
                throw fail(p.spec().where() + " (" + p.spec().type() + ") has state fields " + unknown + " that this"
                        + " version does not know; it was written by another version of Neurite — upgrade to load it");
            }
        }
    }

    private static List<String> names(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::name).toList();
    }

    private static List<Tensor> values(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::value).toList();
    }

    /**
     * Checks the names, order and shapes of the model's parameters (or buffers) against the file, then copies
     * the values in.
     */
    private void bind(String kind, List<String> expected, List<Tensor> tensors, Map<String, Npy.Array> saved)
            throws ModelFileException {
        if (!expected.equals(new ArrayList<>(saved.keySet()))) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(saved.keySet());
            Set<String> extra = new TreeSet<>(saved.keySet());
            extra.removeAll(expected);
            throw fail("the architecture has " + kind + "s " + expected + " but the file holds " + saved.keySet()
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unexpected " + extra)
                    + "; " + ModelFileException.DAMAGED);
        }
        for (int i = 0; i < expected.size(); i++) {
            Npy.Array a = saved.get(expected.get(i));
            if (!Arrays.equals(a.shape(), tensors.get(i).shape().dims())) {
                throw fail(kind + " '" + expected.get(i) + "' is " + Arrays.toString(a.shape()) + " in the file but"
                        + " the architecture needs " + tensors.get(i).shape() + "; " + ModelFileException.DAMAGED);
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            tensors.get(i).copyFrom(saved.get(expected.get(i)).data());
        }
    }

    /** The state on the model's backend, after checking every key against the model's parameters. */
    private OptimizerState optimizerState(OptimizerSpec spec, Sequential model) throws ModelFileException {
        Map<String, Parameter> params = new LinkedHashMap<>();
        model.parameters().forEach(p -> params.put(p.name(), p));
        for (Map.Entry<String, Npy.Array> e : spec.state().entrySet()) {
            Parameter p = params.get(OptimizerState.parameterName(e.getKey()));
            if (p == null) {
                throw fail("optimizer state '" + e.getKey() + "' is for a parameter the model does not have"
                        + " (it has " + params.keySet() + "); " + ModelFileException.DAMAGED);
            }
            if (!Arrays.equals(e.getValue().shape(), p.value().shape().dims())) {
                throw fail("optimizer state '" + e.getKey() + "' is " + Arrays.toString(e.getValue().shape())
                        + " but parameter '" + p.name() + "' is " + p.value().shape() + "; "
                        + ModelFileException.DAMAGED);
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Npy.Array> e : spec.state().entrySet()) {
            tensors.put(e.getKey(), model.backend().of(e.getValue().data(), Shape.of(e.getValue().shape())));
        }
        return new OptimizerState(spec.type(), spec.iterations(), tensors);
    }

    /** The optimizer rebuilt from its hyper-parameters and schedule, with {@code state} loaded for the model. */
    private Optimizer optimizer(OptimizerSpec spec, OptimizerState state, Sequential model)
            throws ModelFileException {
        Optimizer optimizer;
        try {
            optimizer = OptimizerCodec.create(spec.type(), spec.config(), spec.schedule());
        } catch (IllegalArgumentException e) {
            throw fail("optimizer (" + spec.type() + ") cannot be rebuilt: " + e.getMessage() + "; "
                    + ModelFileException.DAMAGED, e);
        }
        try {
            optimizer.loadState(state, model.parameters());
        } catch (IllegalArgumentException e) {
            throw fail("optimizer (" + spec.type() + ") state does not fit: " + e.getMessage() + "; "
                    + ModelFileException.DAMAGED, e);
        }
        return optimizer;
    }

    private void checkAgainstModel(Sequential model, Normalizer normalizer, List<String> classNames)
            throws ModelFileException {
        if (normalizer != null && normalizer.numFeatures() != model.inputShape().size()) {
            throw fail("the normalizer has " + normalizer.numFeatures() + " features but the model takes "
                    + model.inputShape() + "; " + ModelFileException.DAMAGED);
        }
        if (!classNames.isEmpty() && classNames.size() != model.outputShape().size()) {
            throw fail("there are " + classNames.size() + " class names for " + model.outputShape().size()
                    + " outputs; " + ModelFileException.DAMAGED);
        }
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }

    private ModelFileException fail(String problem, Throwable cause) {
        return new ModelFileException(file, problem, cause);
    }
}
