package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.neurite.tensor.Shape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link NodeImporter} sees: the graph's nodes as a checked chain (each node reads the previous node's
 * output and otherwise only constants), a position in it, the per-sample shape of the value flowing in, and
 * the constant tensors. An importer reads {@link #node()}, may look at {@link #next()} to take a pattern of
 * several nodes (MatMul then Add), and calls {@link #advance()} once per node it takes.
 */
public final class ImportCursor {
    private final Path file;
    private final List<NodeProto> chain;
    private final Map<String, TensorProto> constants;
    private int position;
    private Shape inputShape;

    ImportCursor(Path file, List<NodeProto> chain, Map<String, TensorProto> constants, Shape inputShape) {
        this.file = file;
        this.chain = chain;
        this.constants = constants;
        this.inputShape = inputShape;
    }

    /** The node at the current position. */
    public NodeProto node() {
        return chain.get(position);
    }

    /** The node after the current one, or {@code null} at the end of the chain. */
    public NodeProto next() {
        return position + 1 < chain.size() ? chain.get(position + 1) : null;
    }

    /** Takes the current node: the position moves to the next one. */
    public void advance() {
        position++;
    }

    /** Replaces the current node by an equivalent one (a Pad folded into the next node's pads). */
    void replaceCurrent(NodeProto node) {
        chain.set(position, node);
    }

    /** Whether every node has been taken. */
    public boolean atEnd() {
        return position >= chain.size();
    }

    int position() {
        return position;
    }

    /** The per-sample shape (no batch dimension) of the value the current node reads. */
    public Shape inputShape() {
        return inputShape;
    }

    void setInputShape(Shape shape) {
        inputShape = shape;
    }

    /** Whether input {@code index} of {@code node} exists and is a constant (an initializer or a Constant node). */
    public boolean isConstant(NodeProto node, int index) {
        return index < node.getInputCount() && constants.containsKey(node.getInput(index));
    }

    /** The shape of constant input {@code index} of {@code node}. */
    public long[] constantDims(NodeProto node, int index) throws OnnxFormatException {
        return constant(node, index).getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The float32 values of constant input {@code index} of {@code node}, checked against their shape. */
    public float[] constantValues(NodeProto node, int index) throws OnnxFormatException {
        TensorProto t = constant(node, index);
        try {
            return OnnxTensors.floats(t, "the tensor '" + t.getName() + "'");
        } catch (OnnxTensors.InvalidTensorException e) {
            throw fail(node, e.getMessage());
        }
    }

    /** The int64 values of constant vector input {@code index} of {@code node} (a shape). */
    public long[] constantLongs(NodeProto node, int index) throws OnnxFormatException {
        TensorProto t = constant(node, index);
        try {
            return OnnxTensors.longs(t, "the tensor '" + t.getName() + "'");
        } catch (OnnxTensors.InvalidTensorException e) {
            throw fail(node, e.getMessage());
        }
    }

    private TensorProto constant(NodeProto node, int index) throws OnnxFormatException {
        if (!isConstant(node, index)) {
            throw fail(node, "input " + index + (index < node.getInputCount() ? " ('" + node.getInput(index) + "')" : "")
                    + " must be a constant tensor (an initializer) for Neurite to import it as a layer's weights");
        }
        return constants.get(node.getInput(index));
    }

    /** The integer attribute {@code name}, or {@code otherwise} when absent. */
    public long intAttribute(NodeProto node, String name, long otherwise) throws OnnxFormatException {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return otherwise;
        }
        requireType(node, a, AttributeProto.AttributeType.INT);
        return a.getI();
    }

    /** The float attribute {@code name}, or {@code otherwise} when absent. */
    public float floatAttribute(NodeProto node, String name, float otherwise) throws OnnxFormatException {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return otherwise;
        }
        requireType(node, a, AttributeProto.AttributeType.FLOAT);
        return a.getF();
    }

    /** The string attribute {@code name}, or {@code otherwise} when absent. */
    public String stringAttribute(NodeProto node, String name, String otherwise) throws OnnxFormatException {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return otherwise;
        }
        requireType(node, a, AttributeProto.AttributeType.STRING);
        return a.getS().toString(StandardCharsets.UTF_8);
    }

    /** The integer-list attribute {@code name}, or {@code otherwise} when absent. */
    public long[] intsAttribute(NodeProto node, String name, long... otherwise) throws OnnxFormatException {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return otherwise;
        }
        requireType(node, a, AttributeProto.AttributeType.INTS);
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private void requireType(NodeProto node, AttributeProto a, AttributeProto.AttributeType type)
            throws OnnxFormatException {
        if (a.getType() != type) {
            throw fail(node, "attribute '" + a.getName() + "' is of type " + a.getType() + " but ONNX defines it as "
                    + type);
        }
    }

    /** An error about {@code node}: names the file, the node and its op type, then {@code message}. */
    public OnnxFormatException fail(NodeProto node, String message) {
        return new OnnxFormatException(file, describe(node) + ": " + message);
    }

    /** {@code node '0.Gemm' (Gemm)}, or its position when the node has no name. */
    static String describe(NodeProto node) {
        return "node '" + node.getName() + "' (" + node.getOpType() + ")";
    }
}
