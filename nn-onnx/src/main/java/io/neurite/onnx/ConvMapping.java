package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.kernel.Window2d;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Initializer;
import io.neurite.nn.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Conv2D} ↔ {@code Conv(X, W [out, in, kh, kw], b [out])}: the weight layout is the same in Neurite,
 * PyTorch and ONNX, so the initializer is the model file's array as it is. Export writes the padding resolved
 * for the input size as explicit {@code pads} ({@code [top, left, bottom, right]}); import takes explicit pads,
 * {@code auto_pad} VALID or SAME_UPPER (Neurite's "same"), strides and dilations, and {@code group = 1}.
 */
final class ConvMapping implements LayerExporter<Conv2D>, NodeImporter {

    @Override
    public Class<Conv2D> layerClass() {
        return Conv2D.class;
    }

    @Override
    public String export(Conv2D layer, ExportContext context) {
        Window2d w = layer.window(context.inputShape().dim(1), context.inputShape().dim(2));
        List<String> inputs = new ArrayList<>(List.of(context.input(), context.initializer("weight")));
        if (layer.hasBias()) {
            inputs.add(context.initializer("bias"));
        }
        return context.node("Conv", inputs, ExportContext.intsAttribute("kernel_shape", w.kernelH(), w.kernelW()),
                ExportContext.intsAttribute("strides", w.strideH(), w.strideW()),
                ExportContext.intsAttribute("dilations", w.dilationH(), w.dilationW()),
                ExportContext.intsAttribute("pads", w.padTop(), w.padLeft(), w.padBottom(), w.padRight()),
                ExportContext.intAttribute("group", 1));
    }

    @Override
    public List<String> opTypes() {
        return List.of("Conv");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        long[] dims = cursor.constantDims(node, 1);
        if (dims.length != 4) {
            throw cursor.fail(node, "the weight has shape " + Arrays.toString(dims)
                    + "; Neurite imports 2-D convolutions, weight [out, in, kh, kw]");
        }
        if (cursor.intAttribute(node, "group", 1) != 1) {
            throw cursor.fail(node, "group is " + cursor.intAttribute(node, "group", 1)
                    + "; Neurite's Conv2D is a full convolution (group 1), not grouped or depthwise");
        }
        int out = (int) dims[0];
        int in = (int) dims[1];
        int kh = (int) dims[2];
        int kw = (int) dims[3];
        long[] kernel = cursor.intsAttribute(node, "kernel_shape", kh, kw);
        if (kernel.length != 2 || kernel[0] != kh || kernel[1] != kw) {
            throw cursor.fail(node, "kernel_shape " + Arrays.toString(kernel) + " does not match the weight's "
                    + Arrays.toString(dims));
        }
        long[] strides = pair(cursor, node, "strides");
        long[] dilations = pair(cursor, node, "dilations");
        Padding padding = WindowAttributes.padding(cursor, node, kh, kw, (int) strides[0], (int) strides[1],
                (int) dilations[0], (int) dilations[1]);
        Map<String, float[]> values = new HashMap<>();
        values.put("weight", cursor.constantValues(node, 1));
        boolean bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty();
        if (bias) {
            long[] b = cursor.constantDims(node, 2);
            if (b.length != 1 || b[0] != out) {
                throw cursor.fail(node, "the bias has shape " + Arrays.toString(b) + " for " + out + " output channels");
            }
            values.put("bias", cursor.constantValues(node, 2));
        }
        Conv2D conv = Conv2D.builder(in, out, kh, kw).stride((int) strides[0], (int) strides[1])
                .dilation((int) dilations[0], (int) dilations[1]).padding(padding).bias(bias)
                .init(Initializer.zeros()).build();
        cursor.advance();
        return Optional.of(new ImportedLayer(conv, values));
    }

    private static long[] pair(ImportCursor cursor, NodeProto node, String name) throws OnnxFormatException {
        long[] v = cursor.intsAttribute(node, name, 1, 1);
        if (v.length != 2 || v[0] < 1 || v[1] < 1 || v[0] > Integer.MAX_VALUE || v[1] > Integer.MAX_VALUE) {
            throw cursor.fail(node, name + " is " + Arrays.toString(v) + "; a 2-D window needs two positive values");
        }
        return v;
    }
}
