package io.neurite.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime (CPU, one thread, no graph rewrites that change float results). */
final class OnnxRuntimeRunner implements AutoCloseable {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OnnxRuntimeRunner(Path file) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = ENV.createSession(file.toString(), options);
    }

    /** The graph's output for {@code batch} rows of {@code input} shaped {@code [batch, ...perSample]}. */
    float[] run(float[] input, long... shape) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
            OnnxTensor y = (OnnxTensor) result.get(0);
            FloatBuffer b = y.getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    OrtSession session() {
        return session;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
