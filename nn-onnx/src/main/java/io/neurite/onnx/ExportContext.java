package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.Buffer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link LayerExporter} sees while it adds one layer to the graph: the name of the value flowing in, the
 * per-sample shape of that value, the layer's tensors under their model-file names, and methods that add
 * initializers and nodes. Node and value names are the layer's prefix plus the op type ({@code 0.Gemm},
 * {@code 1.Relu}), so a graph viewer lines them up with the model's summary.
 */
public final class ExportContext {
    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();
    private String input;
    private Shape inputShape;
    private String prefix;
    private Layer layer;

    ExportContext(GraphProto.Builder graph) {
        this.graph = graph;
    }

    void enter(Layer layer, String prefix, String input, Shape inputShape) {
        this.layer = layer;
        this.prefix = prefix;
        this.input = input;
        this.inputShape = inputShape;
    }

    /** The value the layer reads: the graph input, or the previous layer's output. */
    public String input() {
        return input;
    }

    /** The per-sample shape of {@link #input()} (without the batch dimension). */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Adds the layer's parameter or buffer {@code localName} ({@code weight}) as an initializer named as in the
     * model file ({@code 0.weight}), in its shape as Neurite holds it; returns that name.
     */
    public String initializer(String localName) {
        return initializer(localName, tensor(localName));
    }

    /** Adds {@code values} as an initializer named {@code prefix + localName}; returns that name. */
    public String initializer(String localName, Tensor values) {
        String name = prefix + localName;
        addInitializer(name, values.shape(), values.toFloatArray());
        return name;
    }

    /** Adds an int64 vector (a shape, for Reshape) named {@code prefix + localName}; returns that name. */
    public String int64Initializer(String localName, long... values) {
        String name = prefix + localName;
        claim(name);
        graph.addInitializer(OnnxTensors.int64Tensor(name, new long[] {values.length}, values));
        return name;
    }

    void addInitializer(String name, Shape shape, float[] data) {
        claim(name);
        graph.addInitializer(OnnxTensors.floatTensor(name, OnnxTensors.dims(shape), data));
    }

    /**
     * Adds a node {@code opType(inputs)} with these attributes and returns the name of its one output. The node
     * and its output are named {@code prefix + opType}, with a number appended if the layer adds two nodes of
     * one type.
     */
    public String node(String opType, List<String> inputs, AttributeProto... attributes) {
        String name = prefix + opType;
        for (int i = 2; names.contains(name); i++) {
            name = prefix + opType + i;
        }
        return addNode(name, opType, inputs, attributes);
    }

    String addNode(String name, String opType, List<String> inputs, AttributeProto... attributes) {
        claim(name);
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(inputs)
                .addOutput(name);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return name;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("ONNX export: the name '" + name + "' is used twice");
        }
    }

    /** The layer's parameter or buffer with this local name. */
    private Tensor tensor(String localName) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(localName)) {
                return p.value();
            }
        }
        for (Buffer b : layer.buffers()) {
            if (b.name().equals(localName)) {
                return b.value();
            }
        }
        List<String> known = new ArrayList<>();
        layer.parameters().forEach(p -> known.add(p.name()));
        layer.buffers().forEach(b -> known.add(b.name()));
        throw new IllegalArgumentException("ONNX export of " + layer + ": it has no parameter or buffer '" + localName
                + "'; it has " + known);
    }

    /** An integer attribute. */
    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A list-of-integers attribute ({@code kernel_shape}, {@code pads}, ...). */
    public static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** A float attribute. */
    public static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    /** A string attribute. */
    public static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }
}
