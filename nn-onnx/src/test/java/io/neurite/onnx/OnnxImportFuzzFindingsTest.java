package io.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.neurite.discovery.Backends;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@link OnnxImportFuzzTest} (and a review of the code it pointed at) found to escape the importer
 * with an exception other than {@link OnnxFormatException}, each rebuilt by hand from a valid export so that
 * the message can be checked too. The fuzzer's own crash inputs are in its corpus.
 */
class OnnxImportFuzzFindingsTest {
    private static final Backend BACKEND = Backends.get("pure");

    @TempDir
    Path dir;

    /** Dense(6, 5) → ReLU → Dense(5, 2): nodes Gemm, Relu, Gemm. */
    private static ModelProto goodModel() {
        return OnnxExport.writer(Sequential.of(BACKEND, Shape.of(6), new Dense(6, 5, Initializer.heNormal(1)),
                new ReLU(), new Dense(5, 2, Initializer.heNormal(2)))).toModel();
    }

    private void fails(Consumer<GraphProto.Builder> change, String... mustContain) throws Exception {
        ModelProto.Builder m = goodModel().toBuilder();
        change.accept(m.getGraphBuilder());
        Path file = Files.write(dir.resolve("changed.onnx"), m.build().toByteArray());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(file, BACKEND));
        assertEquals(file, e.file());
        for (String s : mustContain) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should contain '" + s + "'");
        }
    }

    /** The first weight's initializer. */
    private static TensorProto.Builder firstWeight(GraphProto.Builder g) {
        String name = g.getNode(0).getInput(1);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(name)) {
                return g.getInitializerBuilder(i);
            }
        }
        throw new AssertionError("no initializer " + name);
    }

    /** Was an IndexOutOfBoundsException from NodeProto.getOutput(0) while checking the chain. */
    @Test
    void aNodeWithNoOutput() throws Exception {
        fails(g -> g.getNodeBuilder(1).clearOutput(), "node", "(Relu)", "has no output");
    }

    /** Was Shape's IllegalArgumentException: a per-sample input of more values than a Java array holds. */
    @Test
    void anInputTooLargeForAnArray() throws Exception {
        fails(g -> g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1)
                .setDimValue(Integer.MAX_VALUE), "the input 'input'", "2147483647");
    }

    /** Was an ArithmeticException (long overflow) while counting the values the shape claims. */
    @Test
    void aWeightWhoseShapeOverflowsALong() throws Exception {
        fails(g -> firstWeight(g).clearDims().addDims(1L << 40).addDims(1L << 40), "more than 2^63 values",
                "more than a Java array holds");
    }

    /** Was Dense's IllegalArgumentException: a [0, n] weight claims no values, so its (empty) data matched. */
    @Test
    void aWeightWithAZeroDimension() throws Exception {
        fails(g -> firstWeight(g).clearDims().addDims(0).addDims(5).setRawData(ByteString.EMPTY), "[0, 5]",
                "at least one input and one output");
        fails(g -> firstWeight(g).clearDims().addDims(0).addDims(1L << 40).setRawData(ByteString.EMPTY),
                "at least one input and one output");
    }
}
