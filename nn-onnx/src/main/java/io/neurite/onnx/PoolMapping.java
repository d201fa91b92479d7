package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.kernel.Window2d;
import io.neurite.nn.AvgPool2D;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Padding;
import io.neurite.nn.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link MaxPool2D} ↔ {@code MaxPool} and {@link AvgPool2D} ↔ {@code AveragePool(count_include_pad = 1)}
 * (Neurite divides by the whole window, padding included, as PyTorch's default). Export writes the padding
 * resolved for the input size as explicit {@code pads}; import takes {@code ceil_mode = 0} and, for MaxPool,
 * dilations 1 and no used indices output.
 *
 * @param <L> the pooling layer class
 */
final class PoolMapping<L extends Layer> implements LayerExporter<L>, NodeImporter {
    /** The layer's window for an input of {@code h x w}. */
    interface WindowOf<L> {
        Window2d window(L layer, int h, int w);
    }

    /** The layer's constructor {@code (kernelH, kernelW, strideH, strideW, padding)}. */
    interface Factory<L> {
        L create(int kernelH, int kernelW, int strideH, int strideW, Padding padding);
    }

    private final Class<L> layerClass;
    private final String opType;
    private final WindowOf<L> windowOf;
    private final Factory<L> factory;

    private PoolMapping(Class<L> layerClass, String opType, WindowOf<L> windowOf, Factory<L> factory) {
        this.layerClass = layerClass;
        this.opType = opType;
        this.windowOf = windowOf;
        this.factory = factory;
    }

    static PoolMapping<MaxPool2D> max() {
        return new PoolMapping<>(MaxPool2D.class, "MaxPool", MaxPool2D::window, MaxPool2D::new);
    }

    static PoolMapping<AvgPool2D> average() {
        return new PoolMapping<>(AvgPool2D.class, "AveragePool", AvgPool2D::window, AvgPool2D::new);
    }

    @Override
    public Class<L> layerClass() {
        return layerClass;
    }

    @Override
    public String export(L layer, ExportContext context) {
        Window2d w = windowOf.window(layer, context.inputShape().dim(1), context.inputShape().dim(2));
        List<AttributeProto> attributes = new ArrayList<>(List.of(
                ExportContext.intsAttribute("kernel_shape", w.kernelH(), w.kernelW()),
                ExportContext.intsAttribute("strides", w.strideH(), w.strideW()),
                ExportContext.intsAttribute("pads", w.padTop(), w.padLeft(), w.padBottom(), w.padRight())));
        if (opType.equals("AveragePool")) {
            attributes.add(ExportContext.intAttribute("count_include_pad", 1));
        }
        return context.node(opType, List.of(context.input()), attributes.toArray(new AttributeProto[0]));
    }

    @Override
    public List<String> opTypes() {
        return List.of(opType);
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        long[] kernel = cursor.intsAttribute(node, "kernel_shape");
        long[] strides = cursor.intsAttribute(node, "strides", 1, 1);
        if (kernel.length != 2 || strides.length != 2) {
            throw cursor.fail(node, "kernel_shape " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
                    + "; Neurite pools over 2-D windows");
        }
        if (cursor.intAttribute(node, "ceil_mode", 0) != 0) {
            throw cursor.fail(node, "ceil_mode is 1; Neurite's output sizes round down (ceil_mode 0)");
        }
        long[] dilations = cursor.intsAttribute(node, "dilations", 1, 1);
        if (!Arrays.equals(dilations, new long[] {1, 1})) {
            throw cursor.fail(node, "dilations are " + Arrays.toString(dilations) + "; Neurite pools without dilation");
        }
        Padding padding = WindowAttributes.padding(cursor, node, (int) kernel[0], (int) kernel[1], (int) strides[0],
                (int) strides[1], 1, 1);
        boolean padded = !padding.equals(Padding.valid());
        if (opType.equals("AveragePool") && padded && cursor.intAttribute(node, "count_include_pad", 0) != 1) {
            throw cursor.fail(node, "count_include_pad is 0 with padding; Neurite's AvgPool2D divides by the whole"
                    + " window, padding included (count_include_pad 1)");
        }
        int kh = (int) kernel[0];
        int kw = (int) kernel[1];
        int sh = (int) strides[0];
        int sw = (int) strides[1];
        L layer = factory.create(kh, kw, sh, sw, padding);
        cursor.advance();
        return Optional.of(ImportedLayer.of(layer));
    }
}
