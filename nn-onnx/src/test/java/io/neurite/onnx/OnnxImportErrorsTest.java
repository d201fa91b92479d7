package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad file fails with one clear message that names the file and the problem. */
class OnnxImportErrorsTest {
    private static final Backend BACKEND = Backends.get("pure");

    @TempDir
    Path dir;

    private OnnxFormatException failure(Path file, String... mustContain) {
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(file, BACKEND));
        String m = e.getMessage();
        System.out.println("message: " + m);
        assertTrue(m.startsWith(file.toString()), "names the file: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        for (String s : mustContain) {
            assertTrue(m.contains(s), "'" + m + "' should contain '" + s + "'");
        }
        return e;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, ModelProto model) throws Exception {
        return write(name, model.toByteArray());
    }

    private ModelProto goodModel() {
        return OnnxExport.writer(Sequential.of(BACKEND, Shape.of(6), new Dense(6, 5, Initializer.heNormal(1)),
                new ReLU(), new Dense(5, 2, Initializer.heNormal(2)))).toModel();
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] bytes = goodModel().toByteArray();
        failure(write("cut.onnx", Arrays.copyOf(bytes, bytes.length / 2)), "truncated", "does not parse");
    }

    @Test
    void randomBytes() throws Exception {
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        failure(write("random.onnx", bytes), "not an ONNX model");
    }

    @Test
    void filesThatAreNotOnnx() throws Exception {
        Path zip = dir.resolve("model.zip");
        ModelFile.save(zip, Sequential.of(BACKEND, Shape.of(3), new Dense(3, 2, 1)));
        failure(zip, "not an ONNX model");
        failure(write("text.onnx", "hello, this is not a model\n".getBytes()), "not an ONNX model");
        failure(write("empty.onnx", new byte[0]), "not an ONNX model");
        failure(dir.resolve("missing.onnx"), "no such file");
    }

    @Test
    void graphWithNoInput() throws Exception {
        ModelProto m = goodModel();
        failure(write("noinput.onnx", m.toBuilder().setGraph(m.getGraph().toBuilder().clearInput()).build()),
                "no input");
    }

    @Test
    void tensorWhoseStoredSizeDoesNotMatchItsShape() throws Exception {
        ModelProto m = goodModel();
        TensorProto w = m.getGraph().getInitializer(0);
        TensorProto shorter = w.toBuilder().setRawData(w.getRawData().substring(0, w.getRawData().size() - 4)).build();
        failure(write("short.onnx", m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(0, shorter)).build()),
                "'0.weight'", "[6, 5]", "120 bytes", "stores 116 bytes");

        TensorProto floats = TensorProto.newBuilder().setName(w.getName()).addAllDims(w.getDimsList())
                .setDataType(w.getDataType()).addFloatData(1f).addFloatData(2f).build();
        failure(write("floats.onnx", m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(0, floats)).build()),
                "'0.weight'", "30 values", "stores 2 values");
    }

    @Test
    void inputThatIsNotFloat32() throws Exception {
        ModelProto m = goodModel();
        var input = m.getGraph().getInput(0);
        var int64 = input.toBuilder().setType(input.getType().toBuilder().setTensorType(input.getType()
                .getTensorType().toBuilder().setElemType(TensorProto.DataType.INT64.getNumber()))).build();
        failure(write("int64.onnx", m.toBuilder().setGraph(m.getGraph().toBuilder().setInput(0, int64)).build()),
                "the input 'input' is int64", "float32");
    }

    @Test
    void weightsThatAreNotFloat32() throws Exception {
        ModelProto m = goodModel();
        TensorProto w = m.getGraph().getInitializer(0);
        TensorProto doubles = w.toBuilder().setDataType(TensorProto.DataType.DOUBLE.getNumber())
                .setRawData(ByteString.copyFrom(new byte[30 * 8])).build();
        failure(write("double.onnx", m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(0, doubles))
                .build()), "node '0.Gemm' (Gemm)", "'0.weight' is float64");
    }

    @Test
    void unsupportedOpNamesTheOpTheNodeAndTheSupportedOps() throws Exception {
        ModelProto m = goodModel();
        var nodes = m.getGraph().toBuilder();
        nodes.setNode(1, nodes.getNode(1).toBuilder().setOpType("Elu").setName("act/elu"));
        failure(write("elu.onnx", m.toBuilder().setGraph(nodes).build()), "node 'act/elu' (Elu)",
                "cannot import the op Elu", "[AveragePool, BatchNormalization, Conv, Dropout, Flatten, Gelu, Gemm,"
                        + " GlobalAveragePool, Identity, LeakyRelu, MatMul, MaxPool, Pad, Relu, Reshape, Sigmoid,"
                        + " Sigmoid+Mul, Softmax, Softplus, Tanh]");
    }

    @Test
    void graphThatIsNotAChain() throws Exception {
        // y = relu(gemm(x)) + gemm(x): a residual connection.
        HandBuiltGraph g = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "N", 4).output("y", "N", 4);
        g.weight("w", 4, 4);
        g.node("gemm", "Gemm", List.of("x", "w"), List.of("h"));
        g.node("relu", "Relu", List.of("h"), List.of("r"));
        g.node("skip", "Add", List.of("r", "h"), List.of("y"));
        failure(g.write(dir.resolve("residual.onnx")), "not a chain of layers", "'h' is read by 2 nodes");

        // An activation spelled out in basic ops (PyTorch's GELU before opset 20 starts with x * x).
        HandBuiltGraph square = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "N", 4).output("y", "N", 4);
        square.node("/1/Mul", "Mul", List.of("x", "x"), List.of("y"));
        failure(square.write(dir.resolve("square.onnx")), "node '/1/Mul' (Mul) takes 'x' as 2 of its inputs",
                "opset 20");

        // Two graph inputs into one node.
        HandBuiltGraph two = new HandBuiltGraph().input("a", HandBuiltGraph.FLOAT, "N", 4)
                .input("b", HandBuiltGraph.FLOAT, "N", 4).output("y", "N", 4);
        two.node("add", "Add", List.of("a", "b"), List.of("y"));
        failure(two.write(dir.resolve("two.onnx")), "2 inputs [a, b]");
    }

    @Test
    void formsOfSupportedOpsThatNeuriteHasNoLayerFor() throws Exception {
        ModelProto m = goodModel();
        var gelu = m.getGraph().toBuilder();
        gelu.setNode(1, gelu.getNode(1).toBuilder().setOpType("Gelu"));
        failure(write("erf.onnx", m.toBuilder().setGraph(gelu).build()), "(Gelu)", "erf", "tanh approximation");

        var transA = m.getGraph().toBuilder();
        transA.setNode(0, transA.getNode(0).toBuilder().addAttribute(ExportContext.intAttribute("transA", 1)));
        failure(write("transA.onnx", m.toBuilder().setGraph(transA).build()), "(Gemm)", "transA 1");

        var wrongSize = m.getGraph().toBuilder();
        wrongSize.setInput(0, wrongSize.getInput(0).toBuilder().setType(wrongSize.getInput(0).getType().toBuilder()
                .setTensorType(wrongSize.getInput(0).getType().getTensorType().toBuilder().setShape(
                        wrongSize.getInput(0).getType().getTensorType().getShape().toBuilder().setDim(1,
                                ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(7))))));
        failure(write("size.onnx", m.toBuilder().setGraph(wrongSize).build()), "Dense 6→5", "[7]");
    }

    @Test
    void formsOfImageOpsThatNeuriteHasNoLayerFor() throws Exception {
        HandBuiltGraph grouped = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "N", 4, 6, 6)
                .output("y", "N", 4, 4, 4);
        grouped.weight("w", 4, 2, 3, 3);
        grouped.node("depthwise", "Conv", List.of("x", "w"), List.of("y"), ExportContext.intAttribute("group", 2));
        failure(grouped.write(dir.resolve("grouped.onnx")), "node 'depthwise' (Conv)", "group is 2");

        HandBuiltGraph ceil = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "N", 1, 5, 5)
                .output("y", "N", 1, 3, 3);
        ceil.node("pool", "MaxPool", List.of("x"), List.of("y"), ExportContext.intsAttribute("kernel_shape", 2, 2),
                ExportContext.intsAttribute("strides", 2, 2), ExportContext.intAttribute("ceil_mode", 1));
        failure(ceil.write(dir.resolve("ceil.onnx")), "(MaxPool)", "ceil_mode is 1");

        HandBuiltGraph gap = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "N", 3, 4, 4)
                .output("y", "N", 3, 1, 1);
        gap.node("gap", "GlobalAveragePool", List.of("x"), List.of("y"));
        failure(gap.write(dir.resolve("gap.onnx")), "(GlobalAveragePool)", "followed by Flatten");

        HandBuiltGraph pad = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "N", 1, 4, 4)
                .output("y", "N", 1, 6, 6);
        pad.graph.addInitializer(OnnxTensors.int64Tensor("pads", new long[] {8}, new long[] {0, 0, 1, 1, 0, 0, 1, 1}));
        pad.node("pad", "Pad", List.of("x", "pads"), List.of("p"));
        pad.node("relu", "Relu", List.of("p"), List.of("y"));
        failure(pad.write(dir.resolve("pad.onnx")), "node 'pad' (Pad)", "only directly before an AveragePool or a Conv");
    }

    @Test
    void exportOfALayerWithoutMappingNamesItAndTheSupportedLayers() {
        Layer custom = new Layer() {
            @Override
            public Shape outputShape(Shape inputShape) {
                return inputShape;
            }

            @Override
            public Tensor forward(Tensor input, boolean training) {
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
            public String toString() {
                return "Custom";
            }
        };
        Sequential model = Sequential.of(BACKEND, Shape.of(3), new Dense(3, 3, 1), custom);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.writer(model).toModel());
        assertTrue(e.getMessage().contains("layer 1 (Custom"), e.getMessage());
        assertTrue(e.getMessage().contains("[Dense, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, SiLU, Softplus, Softmax,"
                + " Dropout, Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten, Reshape, BatchNorm]"),
                e.getMessage());
    }

    @Test
    void failedExportLeavesTheExistingFileAsItWas() throws Exception {
        Path file = write("keep.onnx", goodModel());
        byte[] before = Files.readAllBytes(file);
        Sequential model = Sequential.of(BACKEND, Shape.of(3), new Dense(3, 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.writer(model).classNames(List.of("only one")).write(file));
        assertTrue(Arrays.equals(before, Files.readAllBytes(file)));
        try (var files = Files.list(dir)) {
            assertTrue(files.allMatch(p -> p.equals(file)), "no temporary file left behind");
        }
    }
}
