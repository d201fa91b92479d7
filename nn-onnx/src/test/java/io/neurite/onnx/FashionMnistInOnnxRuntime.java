package io.neurite.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.neurite.data.source.IdxData;
import io.neurite.data.source.IdxReader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The README's snippet: the test accuracy of an exported Fashion-MNIST model in ONNX Runtime, from raw pixels
 * (the graph normalises them itself). Run it with
 * {@code java -cp ... io.neurite.onnx.FashionMnistInOnnxRuntime fashion-mnist.onnx /usr/share/datasets/fashion-mnist}.
 */
public final class FashionMnistInOnnxRuntime {
    private FashionMnistInOnnxRuntime() {
    }

    public static void main(String[] args) throws IOException, OrtException {
        Path onnx = Path.of(args.length > 0 ? args[0] : "fashion-mnist.onnx");
        Path data = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
        int correct = correct(onnx, data);
        System.out.printf("ONNX Runtime test accuracy: %.4f (%d of 10000 correct)%n", correct / 10000.0, correct);
    }

    /** How many of the 10,000 test images the model in {@code onnx} classifies correctly. */
    static int correct(Path onnx, Path data) throws IOException, OrtException {
        // --- README snippet from here ---
        IdxData images = IdxReader.readImages(data.resolve("t10k-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.readLabels(data.resolve("t10k-labels-idx1-ubyte.gz"));
        int n = images.count(), features = images.itemSize();        // 10000 images of 784 pixels
        int batch = 500, correct = 0;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            for (int from = 0; from < n; from += batch) {
                int rows = Math.min(batch, n - from);
                float[] pixels = new float[rows * features];          // raw values 0..255: the graph normalises
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = images.get(from * features + i);
                }
                try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {rows, features});
                     OrtSession.Result result = session.run(Map.of("input", x))) {
                    float[][] logits = (float[][]) result.get("output").orElseThrow().getValue();
                    for (int i = 0; i < rows; i++) {
                        int best = 0;
                        for (int c = 1; c < logits[i].length; c++) {
                            best = logits[i][c] > logits[i][best] ? c : best;
                        }
                        correct += best == labels[from + i] ? 1 : 0;
                    }
                }
            }
        }
        return correct;
        // --- to here ---
    }
}
