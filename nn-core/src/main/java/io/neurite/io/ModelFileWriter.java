package io.neurite.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.nn.Buffer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.train.TrainingPosition;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one model file (see {@link ModelFile} for the layout). The tensors are written as the layers are
 * walked and the description goes last, once every entry's SHA-256 is known; the whole archive goes through
 * {@link AtomicFile}, so an exception anywhere leaves the previous file in place.
 */
final class ModelFileWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Entry names are used verbatim only when they are this tame; otherwise by index. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");
    /** A fixed time stamp for every entry, so that one model always gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

    private final ModelFile.Writer request;
    private final Path file;
    private final ObjectNode description = JSON.createObjectNode();
    private final ObjectNode entries = JSON.createObjectNode();
    private final Set<String> entryNames = new HashSet<>();
    private ZipOutputStream zip;

    ModelFileWriter(ModelFile.Writer request, Path file) {
        this.request = request;
        this.file = file;
    }

    void write() throws ModelFileException {
        checkRequest();
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelFileException(file, "cannot save: the directory " + dir + " does not exist; create it"
                    + " first or choose another path");
        }
        if (Files.isDirectory(absolute)) {
            throw new ModelFileException(file, "cannot save: it is a directory; give a file name such as "
                    + absolute.resolve("model.zip"));
        }
        try {
            AtomicFile.write(absolute, this::writeArchive);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "could not save the model (" + describe(e) + "); the previous file at"
                    + " this path, if any, is unchanged", e);
        }
    }

    /** Fails before touching the disk for what can be known up front. */
    private void checkRequest() throws ModelFileException {
        Sequential model = request.model;
        if (request.normalizer != null && request.normalizer.numFeatures() != model.inputShape().size()) {
            throw new ModelFileException(file, "cannot save: the normalizer has " + request.normalizer.numFeatures()
                    + " features but the model takes inputs of shape " + model.inputShape() + " ("
                    + model.inputShape().size() + " features); pass the normalizer fitted for this model");
        }
        if (!request.classNames.isEmpty() && request.classNames.size() != model.outputShape().size()) {
            throw new ModelFileException(file, "cannot save: " + request.classNames.size() + " class names given but"
                    + " the model has " + model.outputShape().size() + " outputs; give one name per output");
        }
        if (request.optimizer != null) {
            try {
                request.optimizer.state();
            } catch (UnsupportedOperationException e) {
                throw new ModelFileException(file, "cannot save the optimizer: " + e.getMessage()
                        + "; save without it (ModelFile.save(file, model)) or use an optimizer from Optimizers");
            }
        }
        checkCodecs(model, "");
    }

    private void checkCodecs(Sequential model, String prefix) throws ModelFileException {
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Sequential nested) {
                checkCodecs(nested, prefix + i + ".");
            } else if (request.codecs.forLayer(layer) == null) {
                Class<?> c = layer.getClass();
                String fix = c.getPackageName().equals(LayerCodecs.LAYER_PACKAGE)
                        ? "declare 'public static final LayerCodec<" + c.getSimpleName() + "> CODEC' in "
                                + c.getSimpleName() + " under the type name '" + c.getSimpleName() + "'"
                        : "add one with ModelFile.writer(model).codecs(LayerCodecs.standard().with(...))";
                throw new ModelFileException(file, "cannot save layer " + prefix + i + " (" + layer + "): no codec"
                        + " for " + c.getName() + " (known: " + request.codecs.known() + "); " + fix);
            }
        }
    }

    private void writeArchive(OutputStream out) throws IOException {
        zip = new ZipOutputStream(out);
        Sequential model = request.model;
        description.put("format", ModelFile.FORMAT);
        description.put("formatVersion", ModelFile.FORMAT_VERSION);
        description.put("producer", "Neurite");
        description.set("model", describeModel(model, ""));

        ObjectNode parameters = description.putObject("parameters");
        for (Parameter p : model.parameters()) {
            parameters.put(p.name(), writeTensor("parameters/" + p.name(), p.value()));
        }
        ObjectNode buffers = description.putObject("buffers");
        for (Buffer b : model.buffers()) {
            buffers.put(b.name(), writeTensor("buffers/" + b.name(), b.value()));
        }

        if (request.optimizer != null) {
            writeOptimizer(request.optimizer);
        }
        if (request.normalizer != null) {
            ObjectNode norm = description.putObject("normalizer");
            int[] shape = {request.normalizer.numFeatures()};
            norm.put("shift", writeTensor("normalizer/shift", request.normalizer.shift(), shape));
            norm.put("scale", writeTensor("normalizer/scale", request.normalizer.scale(), shape));
        }
        if (!request.classNames.isEmpty()) {
            ArrayNode names = description.putArray("classNames");
            request.classNames.forEach(names::add);
        }
        if (!request.metadata.isEmpty()) {
            ObjectNode meta = description.putObject("metadata");
            request.metadata.forEach(meta::put);
        }
        if (request.training != null) {
            TrainingPosition t = request.training;
            description.set("training", LayerConfig.empty().put("epoch", t.epoch()).put("seed", t.seed())
                    .put("shuffle", t.shuffle()).put("batchSize", t.batchSize())
                    .put("trainingSamples", t.trainingSamples()).node());
        }
        description.set("entries", entries);

        ZipEntry entry = newEntry(ModelFile.DESCRIPTION_ENTRY);
        zip.putNextEntry(entry);
        zip.write(JSON.writeValueAsBytes(description));
        zip.closeEntry();
        zip.finish();
    }

    /** The architecture: input shape, and per layer its type, config (or nested layers) and output shape. */
    private ObjectNode describeModel(Sequential model, String prefix) {
        ObjectNode node = JSON.createObjectNode();
        node.set("inputShape", shapeNode(model.inputShape()));
        ArrayNode layers = node.putArray("layers");
        Shape shape = model.inputShape();
        for (int i = 0; i < model.layers().size(); i++) {
            Layer layer = model.layers().get(i);
            ObjectNode l = layers.addObject();
            if (layer instanceof Sequential nested) {
                l.put("type", ModelFile.SEQUENTIAL_TYPE);
                l.set("model", describeModel(nested, prefix + i + "."));
            } else {
                LayerCodec<Layer> codec = request.codecs.forLayer(layer);
                LayerConfig config = LayerConfig.empty();
                codec.writeConfig(layer, config);
                l.put("type", codec.type());
                l.set("config", config.node());
                LayerConfig state = LayerConfig.empty();
                codec.writeState(layer, state);
                if (!state.names().isEmpty()) {
                    l.set("state", state.node());
                }
            }
            shape = layer.outputShape(shape);
            l.set("outputShape", shapeNode(shape));
        }
        node.set("outputShape", shapeNode(model.outputShape()));
        return node;
    }

    /**
     * The optimizer's type, step count, state tensors and text; and, for the optimizers and schedules
     * {@link OptimizerCodec} knows, its hyper-parameters and schedule as objects that load back into an equal
     * optimizer.
     */
    private void writeOptimizer(Optimizer optimizer) throws IOException {
        OptimizerState state = optimizer.state();
        ObjectNode node = description.putObject("optimizer");
        node.put("type", state.type());
        node.put("iterations", state.iterations());
        node.put("description", optimizer.toString());
        ObjectNode config = OptimizerCodec.config(optimizer);
        ObjectNode schedule = OptimizerCodec.schedule(optimizer);
        if (config != null && schedule != null) {
            node.set("config", config);
            node.set("schedule", schedule);
        }
        ObjectNode tensors = node.putObject("state");
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            tensors.put(e.getKey(), writeTensor("optimizer/" + e.getKey(), e.getValue()));
        }
    }

    private String writeTensor(String wanted, Tensor t) throws IOException {
        return writeTensor(wanted, t.toFloatArray(), t.shape().dims());
    }

    /** Writes an {@code .npy} entry and records it in {@code entries}; returns the entry name. */
    private String writeTensor(String wanted, float[] data, int[] shape) throws IOException {
        String name = SAFE_NAME.matcher(wanted).matches() && !wanted.contains("..") ? wanted + ".npy"
                : wanted.substring(0, wanted.indexOf('/') + 1) + "tensor-" + entries.size() + ".npy";
        if (!entryNames.add(name)) {
            throw new IllegalStateException("two tensors would be stored as entry '" + name + "'");
        }
        byte[] bytes = Npy.encode(data, shape);
        zip.putNextEntry(newEntry(name));
        zip.write(bytes);
        zip.closeEntry();
        ObjectNode e = entries.putObject(name);
        e.set("shape", shapeNode(shape));
        e.put("dtype", "float32");
        e.put("sha256", sha256(bytes));
        return name;
    }

    private static ZipEntry newEntry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ArrayNode shapeNode(Shape shape) {
        return shapeNode(shape.dims());
    }

    private static ArrayNode shapeNode(int[] dims) {
        ArrayNode a = JSON.createArrayNode();
        for (int d : dims) {
            a.add(d);
        }
        return a;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
