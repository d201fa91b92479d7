package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** ONNX graphs written the way other tools write them (PyTorch, Keras), to import. */
final class HandBuiltGraph {
    final GraphProto.Builder graph = GraphProto.newBuilder().setName("hand-built");
    private final Random random = new Random(11);
    long opset = 17;

    HandBuiltGraph input(String name, int elemType, Object... dims) {
        graph.addInput(valueInfo(name, elemType, dims));
        return this;
    }

    HandBuiltGraph output(String name, Object... dims) {
        graph.addOutput(valueInfo(name, TensorProto.DataType.FLOAT.getNumber(), dims));
        return this;
    }

    /** A random float32 initializer. */
    float[] weight(String name, long... dims) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * 0.4f;
        }
        graph.addInitializer(OnnxTensors.floatTensor(name, dims, v));
        return v;
    }

    HandBuiltGraph node(String name, String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs)
                .addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    ModelProto model() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.5.0")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph)
                .build();
    }

    Path write(Path file) throws IOException {
        Files.write(file, model().toByteArray());
        return file;
    }

    private static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String ? TensorShapeProto.Dimension.newBuilder().setDimParam((String) d)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

    /**
     * PyTorch's export of {@code nn.Sequential(nn.Flatten(), nn.Linear(in, hidden), nn.ReLU(), nn.Linear(hidden,
     * out))}: Gemm with transB = 1 and {@code [out, in]} weights named after the modules.
     */
    static HandBuiltGraph pytorchMlp(int in, int hidden, int out) {
        HandBuiltGraph g = new HandBuiltGraph().input("x", FLOAT, "N", in).output("logits", "N", out);
        g.weight("fc1.weight", hidden, in);
        g.weight("fc1.bias", hidden);
        g.weight("fc2.weight", out, hidden);
        g.weight("fc2.bias", out);
        g.node("/flatten/Flatten", "Flatten", List.of("x"), List.of("/flatten/Flatten_output_0"),
                ExportContext.intAttribute("axis", 1));
        g.node("/fc1/Gemm", "Gemm", List.of("/flatten/Flatten_output_0", "fc1.weight", "fc1.bias"),
                List.of("/fc1/Gemm_output_0"), ExportContext.floatAttribute("alpha", 1f),
                ExportContext.floatAttribute("beta", 1f), ExportContext.intAttribute("transB", 1));
        g.node("/act/Relu", "Relu", List.of("/fc1/Gemm_output_0"), List.of("/act/Relu_output_0"));
        g.node("/fc2/Gemm", "Gemm", List.of("/act/Relu_output_0", "fc2.weight", "fc2.bias"), List.of("logits"),
                ExportContext.floatAttribute("alpha", 1f), ExportContext.floatAttribute("beta", 1f),
                ExportContext.intAttribute("transB", 1));
        return g;
    }
}
