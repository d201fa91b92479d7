package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.neurite.data.Normalizer;
import io.neurite.nn.Buffer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an ONNX model that is a chain of layers into a {@link Sequential}, to evaluate, fine-tune or save as a
 * Neurite model file:
 *
 * <pre>{@code
 * Sequential model = OnnxImport.read(Path.of("mlp.onnx"), Backends.get());
 * ImportedModel all = OnnxImport.readAll(Path.of("mlp.onnx"), backend);   // + normaliser, class names, metadata
 * }</pre>
 *
 * <h2>What it takes</h2>
 * One float32 input {@code [batch, ...]} (the batch dimension symbolic or fixed, the others fixed), one output,
 * and nodes that form a chain: each reads the previous node's output (the first, the graph input) and
 * otherwise only constants (initializers or {@code Constant} nodes). The ops are those of
 * {@link OnnxMappings#importableOps()}; layouts are converted ({@code Gemm} with {@code transB = 1}, PyTorch's
 * {@code [out, in]} weights, become Neurite's {@code [in, out]}), and a {@code Sub}, {@code Mul} pair of
 * constants at the input becomes the {@link Normalizer} (see {@link ImportedModel#normalizer()}).
 *
 * <h2>What it refuses</h2>
 * Each with an {@link OnnxFormatException} that names the file and the problem, before anything is built: a
 * file that is not ONNX, truncated or damaged; a graph with no input or several; an input that is not float32;
 * a tensor whose stored size does not match its shape, or that is not float32; an op it does not support
 * (naming the op, the node and the ops it supports), or a supported op in a form Neurite has no layer for;
 * a graph that branches or skips (residual connections), which would otherwise import as something else.
 */
public final class OnnxImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ONNX files are protobuf, which cannot exceed 2 GiB; allow the whole range instead of protobuf's default. */
    private static final int MAX_MESSAGE_BYTES = Integer.MAX_VALUE;

    private OnnxImport() {
    }

    /** The model in {@code file}, built on {@code backend}; see {@link #readAll} for the normaliser and metadata. */
    public static Sequential read(Path file, Backend backend) throws OnnxFormatException {
        return readAll(file, backend).model();
    }

    /** Everything Neurite takes from {@code file}, with the model on {@code backend}. */
    public static ImportedModel readAll(Path file, Backend backend) throws OnnxFormatException {
        return readAll(file, backend, OnnxMappings.standard());
    }

    /** As {@link #readAll(Path, Backend)}, with these mappings. */
    public static ImportedModel readAll(Path file, Backend backend, OnnxMappings mappings)
            throws OnnxFormatException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(mappings, "mappings");
        return fromModel(file, parse(file), backend, mappings);
    }

    /** Parses {@code file} as an ONNX {@code ModelProto}, failing clearly for a file that is not one. */
    static ModelProto parse(Path file) throws OnnxFormatException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(MAX_MESSAGE_BYTES);
            model = ModelProto.parseFrom(coded);
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(file, "no such file; give the path of an .onnx model");
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(file, "not an ONNX model, or a truncated or damaged one: it does not parse"
                    + " as ONNX's protobuf ModelProto (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new OnnxFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getIrVersion() <= 0 || model.getOpsetImportCount() == 0) {
            throw new OnnxFormatException(file, "not an ONNX model: it has no " + (model.hasGraph() ? "" : "graph, no ")
                    + (model.getIrVersion() > 0 ? "" : "IR version, no ")
                    + "opset; is it an .onnx file?");
        }
        return model;
    }

    static ImportedModel fromModel(Path file, ModelProto onnx, Backend backend, OnnxMappings mappings)
            throws OnnxFormatException {
        long opset = defaultOpset(file, onnx);
        GraphProto graph = onnx.getGraph();
        Map<String, TensorProto> constants = constants(file, graph);
        ValueInfoProto input = theInput(file, graph, constants);
        Shape inputShape = perSampleShape(file, input);
        List<NodeProto> chain = chain(file, graph, constants, input.getName());

        ImportCursor cursor = new ImportCursor(file, chain, constants, inputShape);
        Optional<Normalizer> normalizer = NormalizerNodes.importPrefix(cursor);
        List<ImportedLayer> layers = new ArrayList<>();
        while (!cursor.atEnd()) {
            NodeProto node = cursor.node();
            NodeImporter importer = mappings.importer(node.getOpType());
            if (importer == null) {
                throw cursor.fail(node, "Neurite cannot import the op " + node.getOpType() + "; the ops it imports are "
                        + mappings.importableOps());
            }
            int before = cursor.position();
            Optional<ImportedLayer> layer = importer.importNodes(cursor);
            if (cursor.position() <= before) {
                throw new IllegalStateException("ONNX import: " + importer.getClass().getName() + " took no node at "
                        + ImportCursor.describe(node));
            }
            if (layer.isPresent()) {
                try {
                    cursor.setInputShape(layer.get().layer().outputShape(cursor.inputShape()));
                } catch (IllegalArgumentException e) {
                    throw cursor.fail(node, "it becomes " + layer.get().layer() + ", which cannot take the per-sample"
                            + " shape " + cursor.inputShape() + " of its input: " + e.getMessage());
                }
                layers.add(layer.get());
            }
        }
        if (layers.isEmpty()) {
            throw new OnnxFormatException(file, "the graph has no node that is a Neurite layer (only "
                    + chain.stream().map(NodeProto::getOpType).toList() + "); there is no model to import");
        }
        Sequential model = build(file, backend, inputShape, layers);
        checkDeclaredOutput(file, graph.getOutput(0), model.outputShape());

        List<String> classNames = List.of();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : onnx.getMetadataPropsList()) {
            if (e.getKey().equals(OnnxExport.CLASS_NAMES_KEY)) {
                classNames = classNames(file, e.getValue(), model.outputShape().size());
            } else {
                metadata.put(e.getKey(), e.getValue());
            }
        }
        String producer = (onnx.getProducerName() + " " + onnx.getProducerVersion()).strip();
        return new ImportedModel(file, model, normalizer, classNames, metadata, opset, producer);
    }

    private static long defaultOpset(Path file, ModelProto onnx) throws OnnxFormatException {
        for (OperatorSetIdProto o : onnx.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new OnnxFormatException(file, "the model imports no opset of the default ONNX domain (only "
                + onnx.getOpsetImportList().stream().map(OperatorSetIdProto::getDomain).toList() + ")");
    }

    /** Initializers and the outputs of {@code Constant} nodes, by value name. */
    private static Map<String, TensorProto> constants(Path file, GraphProto graph) throws OnnxFormatException {
        Map<String, TensorProto> constants = new HashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        for (NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("Constant")) {
                continue;
            }
            AttributeProto value = node.getAttributeCount() == 1 ? node.getAttribute(0) : null;
            if (value == null || !value.getName().equals("value") || node.getOutputCount() != 1) {
                throw new OnnxFormatException(file, ImportCursor.describe(node) + ": Neurite imports a Constant"
                        + " given by its 'value' tensor only");
            }
            constants.put(node.getOutput(0), value.getT().toBuilder().setName(node.getOutput(0)).build());
        }
        return constants;
    }

    private static ValueInfoProto theInput(Path file, GraphProto graph, Map<String, TensorProto> constants)
            throws OnnxFormatException {
        // Before IR version 4 initializers were also listed as inputs; those are not the data input.
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(i -> !constants.containsKey(i.getName())).toList();
        if (inputs.isEmpty()) {
            throw new OnnxFormatException(file, "the graph has no input: a model needs one input tensor to compute"
                    + " from");
        }
        if (inputs.size() > 1) {
            throw new OnnxFormatException(file, "the graph has " + inputs.size() + " inputs "
                    + inputs.stream().map(ValueInfoProto::getName).toList()
                    + "; Neurite imports models with one input");
        }
        if (graph.getOutputCount() != 1) {
            throw new OnnxFormatException(file, "the graph has " + graph.getOutputCount() + " outputs "
                    + graph.getOutputList().stream().map(ValueInfoProto::getName).toList()
                    + "; Neurite imports models with one output");
        }
        return inputs.get(0);
    }

    /** The input's shape without its first (batch) dimension; the others must be fixed. */
    private static Shape perSampleShape(Path file, ValueInfoProto input) throws OnnxFormatException {
        String what = "the input '" + input.getName() + "'";
        if (!input.getType().hasTensorType()) {
            throw new OnnxFormatException(file, what + " is not a tensor; Neurite imports models whose input is a float32"
                    + " tensor");
        }
        var tensor = input.getType().getTensorType();
        if (tensor.getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new OnnxFormatException(file, what + " is " + OnnxTensors.typeName(tensor.getElemType())
                    + "; Neurite models take float32 input, so export the model with a float32 input");
        }
        if (!tensor.hasShape() || tensor.getShape().getDimCount() < 2) {
            throw new OnnxFormatException(file, what + " has " + (tensor.hasShape() ? "rank "
                    + tensor.getShape().getDimCount() : "no shape") + "; Neurite needs [batch, features] or"
                    + " [batch, channels, height, width] with fixed sizes after the batch");
        }
        List<TensorShapeProto.Dimension> dims = tensor.getShape().getDimList();
        int[] perSample = new int[dims.size() - 1];
        for (int d = 1; d < dims.size(); d++) {
            TensorShapeProto.Dimension dim = dims.get(d);
            if (!dim.hasDimValue() || dim.getDimValue() < 1 || dim.getDimValue() > Integer.MAX_VALUE) {
                throw new OnnxFormatException(file, what + " has dimension " + d + " = "
                        + (dim.hasDimParam() ? "'" + dim.getDimParam() + "'" : dim.hasDimValue() ? dim.getDimValue()
                        : "unknown") + "; all dimensions but the first (the batch) must be fixed positive sizes");
            }
            perSample[d - 1] = (int) dim.getDimValue();
        }
        try {
            return Shape.of(perSample);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(file, what + " has shape [batch, " + Arrays.toString(perSample).substring(1)
                    + ": " + e.getMessage());
        }
    }

    /**
     * The non-Constant nodes, checked to be a chain from {@code input} to the graph output: each reads exactly one
     * non-constant value, the previous node's first output, which no other node reads.
     */
    private static List<NodeProto> chain(Path file, GraphProto graph, Map<String, TensorProto> constants,
                                         String input) throws OnnxFormatException {
        Map<String, List<String>> readers = new HashMap<>();
        List<NodeProto> chain = new ArrayList<>();
        int index = 0;
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                continue;
            }
            if (node.getName().isEmpty()) {
                node = node.toBuilder().setName("#" + index).build();
            }
            index++;
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                throw new OnnxFormatException(file, ImportCursor.describe(node) + " is from the op domain '"
                        + node.getDomain() + "'; Neurite imports ops of the default ONNX domain only");
            }
            chain.add(node);
        }
        chain = fuseSiLU(chain, constants);
        for (NodeProto node : chain) {
            for (String in : node.getInputList()) {
                if (!in.isEmpty() && !constants.containsKey(in)) {
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(node.getName());
                }
            }
        }
        String current = input;
        for (NodeProto node : chain) {
            List<String> data = node.getInputList().stream().filter(in -> !in.isEmpty() && !constants.containsKey(in))
                    .toList();
            if (data.size() > 1 && data.stream().allMatch(current::equals)) {
                throw new OnnxFormatException(file, "the graph is not a chain of layers: " + ImportCursor.describe(node)
                        + " takes '" + current + "' as " + data.size() + " of its inputs (like x·x, as in an activation"
                        + " spelled out in basic ops: PyTorch writes GELU so before opset 20); Neurite imports ops whose"
                        + " other inputs are constants");
            }
            if (data.size() != 1 || !data.get(0).equals(current)) {
                throw new OnnxFormatException(file, "the graph is not a chain of layers: " + ImportCursor.describe(node)
                        + " reads " + (data.isEmpty() ? "only constants" : data) + " where a chain reads just '"
                        + current + "', the output of the node before; Neurite imports sequential models (no"
                        + " branches, skips or residual connections)");
            }
            List<String> readersOfCurrent = readers.get(current);
            if (readersOfCurrent.size() > 1) {
                throw new OnnxFormatException(file, "the graph is not a chain of layers: the value '" + current
                        + "' is read by " + readersOfCurrent.size() + " nodes " + readersOfCurrent
                        + "; Neurite imports sequential models (no branches, skips or residual connections)");
            }
            if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
                throw new OnnxFormatException(file, "the graph is not a chain of layers: " + ImportCursor.describe(node)
                        + " has no output, so nothing reads what it computes; the file is damaged or was written"
                        + " wrongly");
            }
            for (int o = 1; o < node.getOutputCount(); o++) {
                if (readers.containsKey(node.getOutput(o))) {
                    throw new OnnxFormatException(file, "the graph is not a chain of layers: the second output '"
                            + node.getOutput(o) + "' of " + ImportCursor.describe(node) + " is used by "
                            + readers.get(node.getOutput(o)));
                }
            }
            current = node.getOutput(0);
        }
        String output = graph.getOutput(0).getName();
        if (!current.equals(output)) {
            throw new OnnxFormatException(file, "the graph is not a chain of layers: the chain from the input ends at '"
                    + current + "' but the graph's output is '" + output + "'");
        }
        return chain;
    }

    /**
     * Each {@code Sigmoid(x) → s} directly followed by {@code Mul(x, s)} (or {@code Mul(s, x)}) that is the only
     * reader of {@code s} becomes one node {@code x → Mul's output} of op {@value SiLUMapping#FUSED_OP}: SiLU as
     * PyTorch writes it, which reads {@code x} twice and would otherwise not be a chain.
     */
    private static List<NodeProto> fuseSiLU(List<NodeProto> nodes, Map<String, TensorProto> constants) {
        List<NodeProto> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            NodeProto next = i + 1 < nodes.size() ? nodes.get(i + 1) : null;
            if (n.getOpType().equals("Sigmoid") && n.getInputCount() == 1 && n.getOutputCount() == 1 && next != null
                    && next.getOpType().equals("Mul") && next.getInputCount() == 2
                    && readCount(nodes, n.getOutput(0)) == 1) {
                String x = n.getInput(0);
                String s = n.getOutput(0);
                List<String> mulIn = next.getInputList();
                if ((mulIn.get(0).equals(x) && mulIn.get(1).equals(s)) || (mulIn.get(0).equals(s)
                        && mulIn.get(1).equals(x))) {
                    out.add(NodeProto.newBuilder().setName(next.getName()).setOpType(SiLUMapping.FUSED_OP)
                            .addInput(x).addAllOutput(next.getOutputList()).build());
                    i++;
                    continue;
                }
            }
            out.add(n);
        }
        return out;
    }

    private static long readCount(List<NodeProto> nodes, String value) {
        return nodes.stream().flatMap(n -> n.getInputList().stream()).filter(value::equals).count();
    }

    private static Sequential build(Path file, Backend backend, Shape inputShape, List<ImportedLayer> imported)
            throws OnnxFormatException {
        List<Layer> layers = imported.stream().map(ImportedLayer::layer).toList();
        Sequential model;
        try {
            model = new Sequential(backend, inputShape, layers);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(file, "the layers do not fit together: " + e.getMessage(), e);
        }
        for (int i = 0; i < imported.size(); i++) {
            Layer layer = layers.get(i);
            for (Map.Entry<String, float[]> v : imported.get(i).values().entrySet()) {
                Tensor target = tensor(layer, v.getKey());
                if (target.size() != v.getValue().length) {
                    throw new OnnxFormatException(file, "layer " + i + " (" + layer + "): '" + v.getKey() + "' has "
                            + v.getValue().length + " values in the file but " + target.shape() + " in the layer");
                }
                target.copyFrom(v.getValue());
            }
        }
        return model;
    }

    private static Tensor tensor(Layer layer, String name) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        for (Buffer b : layer.buffers()) {
            if (b.name().equals(name)) {
                return b.value();
            }
        }
        throw new IllegalStateException("ONNX import: " + layer + " has no parameter or buffer '" + name + "'");
    }

    /** A declared output shape, if the file gives one, must be what the layers compute. */
    private static void checkDeclaredOutput(Path file, ValueInfoProto output, Shape computed)
            throws OnnxFormatException {
        if (!output.getType().hasTensorType() || !output.getType().getTensorType().hasShape()) {
            return;
        }
        List<TensorShapeProto.Dimension> dims = output.getType().getTensorType().getShape().getDimList();
        boolean fits = dims.size() == computed.rank() + 1;
        for (int d = 1; fits && d < dims.size(); d++) {
            fits = !dims.get(d).hasDimValue() || dims.get(d).getDimValue() == computed.dim(d - 1);
        }
        if (!fits) {
            throw new OnnxFormatException(file, "the graph declares its output '" + output.getName() + "' as "
                    + dims.stream().map(x -> x.hasDimValue() ? String.valueOf(x.getDimValue()) : x.getDimParam())
                    .toList() + " but its layers compute [batch, " + Arrays.toString(computed.dims()).substring(1));
        }
    }

    private static List<String> classNames(Path file, String json, int outputs) throws OnnxFormatException {
        List<String> names;
        try {
            names = JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new OnnxFormatException(file, "the metadata '" + OnnxExport.CLASS_NAMES_KEY
                    + "' is not a JSON array of strings: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (names == null || names.size() != outputs || names.contains(null)) {
            throw new OnnxFormatException(file, "the metadata '" + OnnxExport.CLASS_NAMES_KEY + "' has "
                    + (names == null ? 0 : names.size()) + " names for " + outputs + " outputs");
        }
        return names;
    }
}
