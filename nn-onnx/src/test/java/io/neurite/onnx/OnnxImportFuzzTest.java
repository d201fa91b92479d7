package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.neurite.discovery.Backends;
import io.neurite.fuzz.AllocationBudget;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@link OnnxImport#readAll}, the way in to the ONNX importer: for any file it returns a model that
 * predicts a batch of its input shape, or throws an {@link OnnxFormatException} naming the file, and never
 * anything else; and it allocates no more than the file justifies, whatever its shapes claim.
 * <ul>
 *   <li>{@link #anyFile} gets the raw bytes of the file, so it explores protobuf's parsing and whatever the
 *       mutations leave parseable;</li>
 *   <li>{@link #anyChangeOfAValidModel} reads its input as a list of changes (a dimension, a data type, an op,
 *       an attribute, a node's inputs, the graph's input and output, the metadata, ...) to a committed valid
 *       export ({@code OnnxImportFuzzTest-base.onnx}), so every input parses and it explores the checks of the
 *       graph, the tensors and the layer mappings.</li>
 * </ul>
 * {@code mvn verify} runs both in regression mode on the committed inputs under
 * {@code src/test/resources/io/neurite/onnx/OnnxImportFuzzTestInputs} ({@link OnnxImportFuzzSeeds} wrote the
 * seeds; every crash found is there too); docs/fuzzing.md has the command that fuzzes them.
 */
class OnnxImportFuzzTest {
    /**
     * Protobuf keeps a copy of each tensor's bytes, the importer a float[] of them (and a transposed one for a
     * PyTorch weight) and the layer its tensor; a packed float list costs as much again while it grows.
     */
    private static final long BYTES_PER_INPUT_BYTE = 16;
    /** What loading (and, when fuzzing, instrumenting) the classes of a new path may allocate. */
    private static final long SLACK = 64L << 20;
    /** Predicting zeros allocates in proportion to the declared input, not the file: only for modest inputs. */
    private static final int MAX_PREDICTED_FEATURES = 1 << 16;

    private static final Backend BACKEND = Backends.get("pure");
    private static final List<String> OPS = List.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Relu", "LeakyRelu",
            "Sigmoid", "Tanh", "Softplus", "Softmax", "Gelu", "Erf", "Div", "Dropout", "Flatten", "Identity",
            "Constant", "Conv", "Reshape");
    private static final List<String> ATTRIBUTES = List.of("alpha", "beta", "transA", "transB", "axis", "value",
            "approximate", "ratio", "seed", "training_mode");
    private static final long[] DIMENSIONS = {0, 1, 2, 3, 4, 5, -1, 1L << 31, (1L << 31) - 1, 1L << 40,
            Long.MAX_VALUE, Long.MIN_VALUE};

    private static Path file;
    private static ModelProto base;
    /** Every value name the base graph uses, for rewiring nodes. */
    private static List<String> values;

    @BeforeAll
    static void setUp() throws IOException {
        file = Files.createTempFile("neurite-onnx-fuzz", ".onnx");
        byte[] bytes;
        try (InputStream raw = OnnxImportFuzzTest.class.getResourceAsStream("OnnxImportFuzzTest-base.onnx")) {
            bytes = raw.readAllBytes();
        }
        base = ModelProto.parseFrom(bytes);
        Set<String> names = new LinkedHashSet<>();
        base.getGraph().getInputList().forEach(i -> names.add(i.getName()));
        base.getGraph().getInitializerList().forEach(t -> names.add(t.getName()));
        for (NodeProto n : base.getGraph().getNodeList()) {
            names.addAll(n.getInputList());
            names.addAll(n.getOutputList());
        }
        values = new ArrayList<>(names);
        // Load (and, when fuzzing, instrument) the classes of the importer, the layers and the backend's kernels
        // before any budget counts: that first-time cost says nothing about an input.
        Files.write(file, bytes);
        OnnxImport.read(file, BACKEND).predict(BACKEND.zeros(2, 4));
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        try {
            OnnxImport.read(file, BACKEND);
        } catch (OnnxFormatException expected) {
            // the damaged-file path is warm too
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "10m")
    void anyFile(byte[] input) throws IOException {
        Files.write(file, input);
        readAndCheck(input.length);
    }

    @FuzzTest(maxDuration = "10m")
    void anyChangeOfAValidModel(FuzzedDataProvider data) throws IOException {
        byte[] bytes = change(base, data).toByteArray();
        Files.write(file, bytes);
        readAndCheck(bytes.length);
    }

    private static void readAndCheck(int inputLength) {
        AllocationBudget budget = AllocationBudget.start(SLACK + BYTES_PER_INPUT_BYTE * inputLength);
        Sequential model;
        try {
            model = OnnxImport.readAll(file, BACKEND).model();
        } catch (OnnxFormatException expected) {
            assertEquals(file, expected.file(), "the exception names the file");
            assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
            budget.check("OnnxImport.readAll of a " + inputLength + "-byte file");
            return;
        }
        budget.check("OnnxImport.readAll of a " + inputLength + "-byte file");
        // A valid object: the model predicts a batch of its declared input shape.
        Shape in = model.inputShape();
        if (in.size() <= MAX_PREDICTED_FEATURES) {
            int[] batchDims = new int[in.rank() + 1];
            batchDims[0] = 2;
            System.arraycopy(in.dims(), 0, batchDims, 1, in.rank());
            Tensor out = model.predict(BACKEND.zeros(Shape.of(batchDims)));
            assertEquals(2, out.shape().dim(0), "prediction rows");
            assertEquals(model.outputShape().size() * 2L, out.size(), "prediction size");
        }
    }

    /** {@code model} with the changes {@code data} describes, each picking a field of the graph and a new value. */
    private static ModelProto change(ModelProto model, FuzzedDataProvider data) {
        ModelProto.Builder m = model.toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        int changes = data.consumeInt(1, 4);
        for (int c = 0; c < changes && data.remainingBytes() > 0; c++) {
            switch (data.consumeInt(0, 16)) {
                case 0 -> {
                    TensorProto.Builder t = initializer(g, data);
                    if (t != null) {
                        t.clearDims();
                        int rank = data.consumeInt(0, 4);
                        for (int r = 0; r < rank; r++) {
                            t.addDims(dimension(data));
                        }
                    }
                }
                case 1 -> {
                    TensorProto.Builder t = initializer(g, data);
                    if (t != null) {
                        t.setRawData(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 256))));
                    }
                }
                case 2 -> {
                    TensorProto.Builder t = initializer(g, data);
                    if (t != null) {
                        t.clearRawData().clearFloatData();
                        int n = data.consumeInt(0, 40);
                        for (int i = 0; i < n; i++) {
                            t.addFloatData(data.consumeFloat());
                        }
                    }
                }
                case 3 -> {
                    TensorProto.Builder t = initializer(g, data);
                    if (t != null) {
                        t.setDataType(data.consumeInt(-1, 20));
                    }
                }
                case 4 -> {
                    NodeProto.Builder n = node(g, data);
                    if (n != null) {
                        n.setOpType(data.consumeBoolean() ? data.pickValue(OPS) : data.consumeAsciiString(10));
                    }
                }
                case 5 -> {
                    NodeProto.Builder n = node(g, data);
                    if (n != null) {
                        n.addAttribute(attribute(data));
                        if (data.consumeBoolean() && n.getAttributeCount() > 1) {
                            n.removeAttribute(data.consumeInt(0, n.getAttributeCount() - 1));
                        }
                    }
                }
                case 6 -> {
                    if (g.getNodeCount() > 0) {
                        g.removeNode(data.consumeInt(0, g.getNodeCount() - 1));
                    }
                }
                case 7 -> {
                    NodeProto.Builder n = node(g, data);
                    if (n != null) {
                        String value = data.consumeBoolean() ? data.pickValue(values) : data.consumeAsciiString(6);
                        int which = data.consumeInt(0, n.getInputCount());
                        if (which < n.getInputCount() && data.consumeBoolean()) {
                            n.setInput(which, value);
                        } else if (data.consumeBoolean()) {
                            n.addInput(value);
                        } else {
                            n.addOutput(value);
                        }
                    }
                }
                case 8 -> {
                    if (g.getInputCount() > 0) {
                        TensorShapeProto.Builder s = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                                .getShapeBuilder();
                        shape(s, data);
                    }
                }
                case 9 -> {
                    if (g.getInputCount() > 0) {
                        var type = g.getInputBuilder(0).getTypeBuilder();
                        if (data.consumeBoolean()) {
                            type.getTensorTypeBuilder().setElemType(data.consumeInt(-1, 20));
                        } else {
                            type.clearTensorType();
                        }
                    }
                }
                case 10 -> {
                    if (g.getOutputCount() > 0) {
                        shape(g.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder(), data);
                    }
                }
                case 11 -> {
                    String key = data.consumeBoolean() ? OnnxExport.CLASS_NAMES_KEY : data.consumeAsciiString(6);
                    m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key)
                            .setValue(data.consumeAsciiString(40)));
                }
                case 12 -> {
                    if (m.getOpsetImportCount() > 0) {
                        var opset = m.getOpsetImportBuilder(0);
                        if (data.consumeBoolean()) {
                            opset.setVersion(data.consumeLong());
                        } else {
                            opset.setDomain(data.consumeAsciiString(8));
                        }
                    }
                    if (data.consumeBoolean()) {
                        m.setIrVersion(data.consumeLong(-1, 12));
                    }
                }
                case 13 -> {
                    // An initializer becomes a Constant node, which the importer takes as a constant too.
                    if (g.getInitializerCount() > 0) {
                        int i = data.consumeInt(0, g.getInitializerCount() - 1);
                        TensorProto t = g.getInitializer(i);
                        g.removeInitializer(i);
                        g.addNode(data.consumeInt(0, g.getNodeCount()), NodeProto.newBuilder().setOpType("Constant")
                                .addOutput(t.getName()).addAttribute(AttributeProto.newBuilder().setName("value")
                                        .setType(AttributeProto.AttributeType.TENSOR).setT(t)));
                    }
                }
                case 14 -> {
                    if (g.getNodeCount() > 0) {
                        NodeProto n = g.getNode(data.consumeInt(0, g.getNodeCount() - 1));
                        g.addNode(data.consumeInt(0, g.getNodeCount()), n);
                    }
                }
                case 15 -> {
                    TensorProto.Builder t = initializer(g, data);
                    if (t != null) {
                        t.setDataLocation(TensorProto.DataLocation.EXTERNAL);
                    }
                }
                default -> {
                    if (g.getInputCount() > 0 && data.consumeBoolean()) {
                        g.getInputBuilder(0).setName(data.pickValue(values));
                    } else if (g.getOutputCount() > 0) {
                        g.getOutputBuilder(0).setName(data.pickValue(values));
                    }
                }
            }
        }
        return m.build();
    }

    private static TensorProto.Builder initializer(GraphProto.Builder g, FuzzedDataProvider data) {
        return g.getInitializerCount() == 0 ? null
                : g.getInitializerBuilder(data.consumeInt(0, g.getInitializerCount() - 1));
    }

    private static NodeProto.Builder node(GraphProto.Builder g, FuzzedDataProvider data) {
        return g.getNodeCount() == 0 ? null : g.getNodeBuilder(data.consumeInt(0, g.getNodeCount() - 1));
    }

    private static long dimension(FuzzedDataProvider data) {
        return data.consumeBoolean() ? DIMENSIONS[data.consumeInt(0, DIMENSIONS.length - 1)] : data.consumeLong();
    }

    private static void shape(TensorShapeProto.Builder s, FuzzedDataProvider data) {
        if (data.consumeBoolean() && s.getDimCount() > 0) {
            var dim = s.getDimBuilder(data.consumeInt(0, s.getDimCount() - 1));
            if (data.consumeBoolean()) {
                dim.setDimValue(dimension(data));
            } else {
                dim.setDimParam(data.consumeAsciiString(4));
            }
        } else if (data.consumeBoolean()) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dimension(data)));
        } else if (s.getDimCount() > 0) {
            s.removeDim(s.getDimCount() - 1);
        }
    }

    private static AttributeProto attribute(FuzzedDataProvider data) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(data.pickValue(ATTRIBUTES));
        AttributeProto.AttributeType[] types = {AttributeProto.AttributeType.INT, AttributeProto.AttributeType.FLOAT,
                AttributeProto.AttributeType.STRING, AttributeProto.AttributeType.INTS,
                AttributeProto.AttributeType.TENSOR};
        a.setType(types[data.consumeInt(0, types.length - 1)]);
        switch (a.getType()) {
            case INT -> a.setI(data.consumeBoolean() ? data.consumeLong(-2, 2) : data.consumeLong());
            case FLOAT -> a.setF(data.consumeFloat());
            case STRING -> a.setS(ByteString.copyFromUtf8(data.consumeAsciiString(8)));
            case INTS -> {
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    a.addInts(data.consumeLong(-3, 3));
                }
            }
            default -> a.setT(TensorProto.newBuilder().setDataType(1).addDims(1).addFloatData(data.consumeFloat()));
        }
        return a.build();
    }
}
