package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A file that PyTorch itself wrote ({@code torch.onnx.export}, PyTorch 1.13, opset 17; made by
 * {@code src/test/python/export_pytorch_mlp.py}): Flatten, Gemm with {@code transB = 1}, every activation (SiLU
 * as Sigmoid then Mul), Dropout and Softmax. Imported on both backends, it computes PyTorch's own outputs, and ONNX Runtime's.
 */
class OnnxPyTorchFixtureTest {

    @Test
    void pytorchExportImportsAndComputesPyTorchsOutputs() throws Exception {
        Path file = resource("pytorch/torch-mlp.onnx");
        List<String> io = Files.readAllLines(resource("pytorch/torch-mlp-io.txt"));
        float[] x = floats(io.get(0));
        float[] pytorch = floats(io.get(1));
        int rows = 7;
        for (Backend backend : TestModels.backends()) {
            ImportedModel m = OnnxImport.readAll(file, backend);
            assertEquals("[Dense 12→8, ReLU, Dense 8→6, LeakyReLU(0.1), Dense 6→5, Tanh, Dense 5→5, SiLU, Dense 5→5,"
                    + " Softplus, Dense 5→4, Sigmoid, Dense 4→3, Softmax]", m.model().layers().toString());
            assertEquals("pytorch", m.producer().split(" ")[0]);
            float[] neurite = m.model().predict(backend.of(x, Shape.of(rows, 12))).toFloatArray();
            OnnxRuntimeAgreementTest.assertClose(neurite, pytorch, "PyTorch's outputs vs Neurite on " + backend.name());
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
                OnnxRuntimeAgreementTest.assertClose(neurite, ort.run(x, rows, 12),
                        "ONNX Runtime vs Neurite on " + backend.name());
            }
        }
    }

    @Test
    void pytorchCnnImportsAndComputesPyTorchsOutputs() throws Exception {
        Path file = resource("pytorch/torch-cnn.onnx");
        List<String> io = Files.readAllLines(resource("pytorch/torch-cnn-io.txt"));
        float[] x = floats(io.get(0));
        float[] pytorch = floats(io.get(1));
        int rows = 5;
        for (Backend backend : TestModels.backends()) {
            ImportedModel m = OnnxImport.readAll(file, backend);
            System.out.println("PyTorch CNN imported as " + m.model().layers());
            float[] neurite = m.model().predict(backend.of(x, Shape.of(rows, 1, 12, 12))).toFloatArray();
            OnnxRuntimeAgreementTest.assertClose(neurite, pytorch, "PyTorch CNN's outputs vs Neurite on "
                    + backend.name());
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(file)) {
                OnnxRuntimeAgreementTest.assertClose(neurite, ort.run(x, rows, 1, 12, 12),
                        "ONNX Runtime vs Neurite on the PyTorch CNN, " + backend.name());
            }
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(OnnxPyTorchFixtureTest.class.getClassLoader().getResource(name).toURI());
    }

    private static float[] floats(String line) {
        String[] parts = line.trim().split(" ");
        float[] f = new float[parts.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(parts[i]);
        }
        return f;
    }
}
