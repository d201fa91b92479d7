package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.neurite.data.Normalizer;
import io.neurite.discovery.Backends;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported graph's layout: names, shapes, opset and metadata as the docs state them. */
class OnnxExportTest {
    @TempDir
    Path dir;

    private final Sequential model = Sequential.of(Backends.get("pure"), Shape.of(784),
            new Dense(784, 16, Initializer.heNormal(1)), new ReLU(), new Dense(16, 3, Initializer.xavierNormal(2)));

    @Test
    void graphLayout() throws Exception {
        ModelProto onnx = OnnxExport.writer(model).normalizer(Normalizer.range(0, 255, 784))
                .classNames(List.of("a", "b \"quoted\"", "c")).metadata("dataset", "test").toModel();
        assertEquals(20, onnx.getOpsetImport(0).getVersion());
        assertEquals("", onnx.getOpsetImport(0).getDomain());
        assertEquals(9, onnx.getIrVersion());
        assertEquals("Neurite", onnx.getProducerName());
        GraphProto g = onnx.getGraph();
        assertEquals(List.of("normalizer.Sub", "normalizer.Mul", "0.Gemm", "1.Relu", "2.Gemm"),
                g.getNodeList().stream().map(NodeProto::getName).toList());
        assertEquals(List.of("Sub", "Mul", "Gemm", "Relu", "Gemm"),
                g.getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals(List.of("normalizer.shift", "normalizer.scale", "0.weight", "0.bias", "2.weight", "2.bias"),
                g.getInitializerList().stream().map(TensorProto::getName).toList());
        assertEquals(List.of(784L, 16L), g.getInitializer(2).getDimsList(), "Dense weight as Neurite holds it");
        assertEquals(List.of("input"), g.getNodeList().get(0).getInputList().subList(0, 1));
        assertEquals(List.of("output"), g.getNode(4).getOutputList());
        var inDims = g.getInput(0).getType().getTensorType().getShape().getDimList();
        assertEquals("batch", inDims.get(0).getDimParam());
        assertEquals(784, inDims.get(1).getDimValue());
        var outDims = g.getOutput(0).getType().getTensorType().getShape().getDimList();
        assertEquals("batch", outDims.get(0).getDimParam());
        assertEquals(3, outDims.get(1).getDimValue());
        assertEquals("class_names", onnx.getMetadataProps(0).getKey());
        assertEquals("[\"a\",\"b \\\"quoted\\\"\",\"c\"]", onnx.getMetadataProps(0).getValue());
        assertEquals("dataset", onnx.getMetadataProps(1).getKey());
        assertArrayEquals(model.parameter("0.weight").value().toFloatArray(),
                OnnxTensors.floats(g.getInitializer(2), "0.weight"), "bit-identical weights");
    }

    @Test
    void sameModelSameBytes() {
        assertArrayEquals(OnnxExport.writer(model).toModel().toByteArray(),
                OnnxExport.writer(model).toModel().toByteArray());
    }

    @Test
    void writtenFileHasTheUsualPermissionsOfANewFile() throws Exception {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path onnx = dir.resolve("m.onnx");
        OnnxExport.write(onnx, model);
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(onnx)));
    }
}
