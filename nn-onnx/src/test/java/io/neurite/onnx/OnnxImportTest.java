package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.data.Normalizer;
import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Import: round trips, layouts of other exporters, and agreement with ONNX Runtime on the same file. */
class OnnxImportTest {
    @TempDir
    Path dir;

    static Stream<Arguments> modelsOnBackends() {
        return OnnxRuntimeAgreementTest.modelsOnBackends();
    }

    /** The layers that compute at inference, with nested models flattened (what an ONNX graph keeps). */
    private static List<Layer> inferenceLayers(Sequential m) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : m.layers()) {
            if (l instanceof Sequential) {
                out.addAll(inferenceLayers((Sequential) l));
            } else if (!(l instanceof Dropout)) {
                out.add(l);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("modelsOnBackends")
    void roundTripKeepsLayersAndWeightsBitForBit(String backendName, TestModels.Case c) throws Exception {
        Backend backend = Backends.get(backendName);
        Sequential original = c.build().apply(backend);
        Path first = dir.resolve("first.onnx");
        OnnxExport.write(first, original);

        Sequential imported = OnnxImport.read(first, backend);
        List<Layer> expected = inferenceLayers(original);
        assertEquals(expected.stream().map(Object::toString).toList(),
                imported.layers().stream().map(Object::toString).toList(), "layers");
        List<Parameter> want = new ArrayList<>();
        expected.forEach(l -> want.addAll(l.parameters()));
        assertEquals(want.size(), imported.parameters().size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).value().toFloatArray(), imported.parameters().get(i).value().toFloatArray(),
                    "parameter " + imported.parameters().get(i).name() + " must be bit-identical");
        }

        // export -> import -> export: the same bytes when the original is a flat chain without Dropout (where
        // the indices, and so the names, shift); otherwise the graph is stable from the first import on.
        byte[] second = OnnxExport.writer(imported).toModel().toByteArray();
        boolean flat = expected.size() == original.layers().size();
        if (flat) {
            assertArrayEquals(Files.readAllBytes(first), second, "export -> import -> export must give the same graph");
        }
        Path secondFile = dir.resolve("second.onnx");
        Files.write(secondFile, second);
        byte[] third = OnnxExport.writer(OnnxImport.read(secondFile, backend)).toModel().toByteArray();
        assertArrayEquals(second, third, "the graph must be stable under import -> export");
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("modelsOnBackends")
    void importedModelPredictsWhatOnnxRuntimePredicts(String backendName, TestModels.Case c) throws Exception {
        Backend backend = Backends.get(backendName);
        Path file = dir.resolve("m.onnx");
        OnnxExport.write(file, c.build().apply(Backends.get("pure")));
        Sequential imported = OnnxImport.read(file, backend);
        int rows = 23;
        float[] x = c.inputs(imported, rows, 99);
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
            OnnxRuntimeAgreementTest.assertClose(
                    imported.predict(backend.of(x, TestModels.batchOf(rows, imported.inputShape()))).toFloatArray(),
                    ort.run(x, TestModels.batchShape(rows, imported.inputShape())), "imported " + c + " on "
                            + backendName);
        }
    }

    @Test
    void pytorchLayoutImportsWithTransposedWeights() throws Exception {
        HandBuiltGraph g = HandBuiltGraph.pytorchMlp(10, 6, 3);
        Path file = g.write(dir.resolve("torch.onnx"));
        for (Backend backend : TestModels.backends()) {
            ImportedModel m = OnnxImport.readAll(file, backend);
            assertEquals("[Dense 10→6, ReLU, Dense 6→3]", m.model().layers().toString());
            assertEquals("pytorch 2.5.0", m.producer());
            assertEquals(17, m.opset());
            // fc1.weight is [out=6, in=10]; Neurite's 0.weight is [in, out]: element (i, o) = fc1.weight[o][i].
            float[] torch = OnnxTensors.floats(g.graph.getInitializer(0), "fc1.weight");
            float[] neurite = m.model().parameter("0.weight").value().toFloatArray();
            for (int i = 0; i < 10; i++) {
                for (int o = 0; o < 6; o++) {
                    assertEquals(torch[o * 10 + i], neurite[i * 6 + o], "weight (" + i + ", " + o + ")");
                }
            }
            float[] x = TestModels.inputs(9, 10, 5);
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
                OnnxRuntimeAgreementTest.assertClose(m.model().predict(backend.of(x, Shape.of(9, 10))).toFloatArray(),
                        ort.run(x, 9, 10), "PyTorch-style graph on " + backend.name());
            }
        }
    }

    @Test
    void matMulThenAddImportsAsDense() throws Exception {
        HandBuiltGraph g = new HandBuiltGraph().input("x", HandBuiltGraph.FLOAT, "batch", 5).output("y", "batch", 4);
        float[] w = g.weight("kernel", 5, 4);
        float[] b = g.weight("bias", 4);
        float[] w2 = g.weight("kernel2", 4, 2);
        g.output("unused", "batch", 2);
        g.graph.removeOutput(1);
        g.node("mm", "MatMul", List.of("x", "kernel"), List.of("mm_out"));
        g.node("add", "Add", List.of("bias", "mm_out"), List.of("add_out"));
        g.node("tanh", "Tanh", List.of("add_out"), List.of("t"));
        g.node("mm2", "MatMul", List.of("t", "kernel2"), List.of("y"));
        g.graph.setOutput(0, g.graph.getOutput(0).toBuilder().setType(g.graph.getOutput(0).getType().toBuilder()
                .setTensorType(g.graph.getOutput(0).getType().getTensorType().toBuilder().setShape(
                        g.graph.getOutput(0).getType().getTensorType().getShape().toBuilder().setDim(1,
                                ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(2))))));
        Path file = g.write(dir.resolve("keras.onnx"));
        Backend backend = Backends.get("pure");
        Sequential m = OnnxImport.read(file, backend);
        assertEquals("[Dense 5→4, Tanh, Dense 4→2]", m.layers().toString());
        assertArrayEquals(w, m.parameter("0.weight").value().toFloatArray());
        assertArrayEquals(b, m.parameter("0.bias").value().toFloatArray());
        assertArrayEquals(w2, m.parameter("2.weight").value().toFloatArray());
        assertArrayEquals(new float[2], m.parameter("2.bias").value().toFloatArray());
        float[] x = TestModels.inputs(4, 5, 1);
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
            OnnxRuntimeAgreementTest.assertClose(m.predict(backend.of(x, Shape.of(4, 5))).toFloatArray(),
                    ort.run(x, 4, 5), "MatMul + Add graph");
        }
    }

    @Test
    void modelFileContentSurvivesExportAndImport() throws Exception {
        Backend backend = Backends.get("pure");
        Sequential model = Sequential.of(backend, Shape.of(4), new Dense(4, 3, Initializer.heNormal(1)), new ReLU(),
                new Dense(3, 2, Initializer.xavierNormal(2)), new Tanh());
        Normalizer normalizer = Normalizer.of(new float[] {1, 2, 3, 4}, new float[] {0.5f, 0.25f, 2f, 1f});
        Path zip = dir.resolve("m.zip");
        ModelFile.writer(model).normalizer(normalizer).classNames(List.of("cat", "dog"))
                .metadata("dataset", "pets").save(zip);
        SavedModel saved = ModelFile.read(zip, backend);
        Path onnx = dir.resolve("m.onnx");
        OnnxExport.write(onnx, saved);

        ImportedModel back = OnnxImport.readAll(onnx, Backends.get("nd4j"));
        assertEquals(List.of("cat", "dog"), back.classNames());
        assertEquals("pets", back.metadata().get("dataset"));
        assertTrue(back.normalizer().isPresent());
        assertArrayEquals(normalizer.shift(), back.normalizer().get().shift());
        assertArrayEquals(normalizer.scale(), back.normalizer().get().scale());
        assertInstanceOf(Tanh.class, back.model().layers().get(3));
        assertArrayEquals(saved.model().parameter("2.weight").value().toFloatArray(),
                back.model().parameter("2.weight").value().toFloatArray());
    }
}
