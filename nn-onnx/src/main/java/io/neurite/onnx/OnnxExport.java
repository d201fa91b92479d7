package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neurite.data.Normalizer;
import io.neurite.io.AtomicFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Layer;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Sequential} as an ONNX model that ONNX Runtime (or any ONNX runtime of opset
 * {@value #OPSET}) runs with the same results as Neurite:
 *
 * <pre>{@code
 * OnnxExport.write(Path.of("mlp.onnx"), model);                        // the layers only
 * OnnxExport.write(Path.of("mlp.onnx"), ModelFile.read(path, backend)); // + normaliser, class names, metadata
 * OnnxExport.writer(model).normalizer(norm).classNames(names).write(Path.of("mlp.onnx"));
 * }</pre>
 *
 * <h2>The graph</h2>
 * <ul>
 *   <li>one input {@value #INPUT}, float32 {@code [batch, ...model input shape]}, and one output
 *       {@value #OUTPUT}, float32 {@code [batch, ...model output shape]}; {@code batch} is a symbolic
 *       dimension, so any batch size runs;</li>
 *   <li>the normaliser, if given, as {@code Sub} then {@code Mul} at the input: the graph takes raw values,
 *       as {@code neurite predict} does;</li>
 *   <li>each layer as the nodes of its {@link LayerExporter} ({@link OnnxMappings#standard()}: Dense as
 *       {@code Gemm}, ReLU as {@code Relu}, ..., Dropout as nothing), named after the layer index
 *       ({@code 0.Gemm});</li>
 *   <li>every parameter as a float32 initializer named as in the model file ({@code 0.weight},
 *       {@code 0.bias}) and shaped as Neurite holds it (a Dense weight {@code [in, out]});</li>
 *   <li>class names in the model's metadata under {@value #CLASS_NAMES_KEY} (a JSON array), beside the model
 *       file's free-form metadata; opset {@value #OPSET} of the default domain, IR version {@value #IR_VERSION}.</li>
 * </ul>
 * Writing is atomic ({@link AtomicFile}): a failed or interrupted write leaves any existing file as it was. The same model always gives the same
 * bytes.
 */
public final class OnnxExport {
    /** The opset of the default ONNX domain that exported models import (the first with {@code Gelu}). */
    public static final int OPSET = 20;
    /** The ONNX IR version written; version 9 is the one that goes with opset 20. */
    public static final long IR_VERSION = 9;
    /** The name of the graph's input. */
    public static final String INPUT = "input";
    /** The name of the graph's output. */
    public static final String OUTPUT = "output";
    /** The symbolic name of the batch dimension. */
    public static final String BATCH = "batch";
    /** The metadata key holding the class names, a JSON array of strings. */
    public static final String CLASS_NAMES_KEY = "class_names";
    /** The producer name written into every model. */
    public static final String PRODUCER = "Neurite";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExport() {
    }

    /** Writes {@code model}'s layers to {@code file}, atomically replacing any existing file. */
    public static void write(Path file, Sequential model) throws IOException {
        writer(model).write(file);
    }

    /** Writes a loaded model file: the model, its normaliser (at the input), class names and metadata. */
    public static void write(Path file, SavedModel saved) throws IOException {
        Writer writer = writer(saved.model()).classNames(saved.classNames());
        saved.normalizer().ifPresent(writer::normalizer);
        saved.metadata().forEach(writer::metadata);
        writer.write(file);
    }

    /** A writer for {@code model}, to add a normaliser, class names or metadata before {@link Writer#write}. */
    public static Writer writer(Sequential model) {
        return new Writer(model);
    }

    /** What to export with a model. */
    public static final class Writer {
        private final Sequential model;
        private Normalizer normalizer;
        private List<String> classNames = List.of();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private OnnxMappings mappings = OnnxMappings.standard();

        private Writer(Sequential model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Puts this input normalisation at the start of the graph, so that it takes raw values. */
        public Writer normalizer(Normalizer normalizer) {
            this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
            return this;
        }

        /** One name per output class, stored in the metadata under {@value #CLASS_NAMES_KEY}. */
        public Writer classNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        /** A free-form string stored in the model's {@code metadata_props}. */
        public Writer metadata(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (key.equals(CLASS_NAMES_KEY)) {
                throw new IllegalArgumentException("ONNX export: the metadata key '" + CLASS_NAMES_KEY
                        + "' holds the class names; set them with classNames(...)");
            }
            metadata.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The layer mappings to use (default {@link OnnxMappings#standard()}). */
        public Writer mappings(OnnxMappings mappings) {
            this.mappings = Objects.requireNonNull(mappings, "mappings");
            return this;
        }

        /** The ONNX model, in memory. */
        public ModelProto toModel() {
            int outputs = model.outputShape().size();
            if (!classNames.isEmpty() && classNames.size() != outputs) {
                throw new IllegalArgumentException("ONNX export: " + classNames.size() + " class names for a model with "
                        + outputs + " outputs; give one name per output");
            }
            GraphProto.Builder graph = GraphProto.newBuilder().setName("neurite");
            ExportContext context = new ExportContext(graph);
            context.enter(null, "", INPUT, model.inputShape());
            String value = INPUT;
            if (normalizer != null) {
                value = NormalizerNodes.export(normalizer, model.inputShape(), context);
            }
            value = exportLayers(model, "", value, context);
            finishOutput(graph, value, context);
            graph.addInput(valueInfo(INPUT, model.inputShape()));
            graph.addOutput(valueInfo(OUTPUT, model.outputShape()));

            ModelProto.Builder onnx = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(PRODUCER)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setGraph(graph);
            String version = OnnxExport.class.getPackage().getImplementationVersion();
            if (version != null) {
                onnx.setProducerVersion(version);
            }
            if (!classNames.isEmpty()) {
                onnx.addMetadataProps(entry(CLASS_NAMES_KEY, json(classNames)));
            }
            metadata.forEach((k, v) -> onnx.addMetadataProps(entry(k, v)));
            return onnx.build();
        }

        private String exportLayers(Sequential seq, String prefix, String input, ExportContext context) {
            String value = input;
            Shape shape = seq.inputShape();
            List<Layer> layers = seq.layers();
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                String layerPrefix = prefix + i + ".";
                if (layer instanceof Sequential) {
                    value = exportLayers((Sequential) layer, layerPrefix, value, context);
                } else {
                    value = exportLayer(layer, layerPrefix, value, shape, context);
                }
                shape = layer.outputShape(shape);
            }
            return value;
        }

        private <L extends Layer> String exportLayer(L layer, String prefix, String input, Shape shape,
                                                     ExportContext context) {
            LayerExporter<L> exporter = mappings.exporter(layer);
            if (exporter == null) {
                throw new IllegalArgumentException("ONNX export: layer " + prefix.substring(0, prefix.length() - 1)
                        + " (" + layer + ", " + layer.getClass().getName() + ") has no ONNX mapping; the layers"
                        + " that export are " + mappings.exportableLayers()
                        + " (add one with OnnxMappings.standard().with(...))");
            }
            context.enter(layer, prefix, input, shape);
            return Objects.requireNonNull(exporter.export(layer, context), "export of " + layer);
        }

        /** Gives the last value the name {@value #OUTPUT} (an Identity if no node computes anything). */
        private static void finishOutput(GraphProto.Builder graph, String value, ExportContext context) {
            if (value.equals(INPUT)) {
                context.addNode(OUTPUT, "Identity", List.of(INPUT));
                return;
            }
            NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
            if (!last.getOutput(0).equals(value)) {
                throw new IllegalStateException("ONNX export: the value '" + value + "' is not the last node's output");
            }
            last.setOutput(0, OUTPUT);
        }

        /** Writes the model to {@code file}, atomically replacing any existing one. */
        public void write(Path file) throws IOException {
            Objects.requireNonNull(file, "file");
            ModelProto onnx = toModel();
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IOException("cannot write " + file + ": the directory " + dir + " does not exist");
            }
            AtomicFile.write(file, onnx::writeTo);
        }
    }

    private static ValueInfoProto valueInfo(String name, Shape perSample) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d = 0; d < perSample.rank(); d++) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(perSample.dim(d)));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static String json(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ONNX export: cannot write the class names as JSON", e);
        }
    }
}
