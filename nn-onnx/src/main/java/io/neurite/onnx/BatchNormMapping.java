package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.neurite.nn.BatchNorm;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link BatchNorm} ↔ {@code BatchNormalization(X, weight, bias, running_mean, running_var)} in its inference
 * form, {@code epsilon} as is. ONNX's {@code momentum} weighs the old running value (PyTorch's and Neurite's
 * weighs the new batch), so it is written and read as {@code 1 - momentum}; inference does not use it.
 */
final class BatchNormMapping implements LayerExporter<BatchNorm>, NodeImporter {
    private static final List<String> VALUES = List.of("weight", "bias", "running_mean", "running_var");

    @Override
    public Class<BatchNorm> layerClass() {
        return BatchNorm.class;
    }

    @Override
    public String export(BatchNorm layer, ExportContext context) {
        List<String> inputs = new java.util.ArrayList<>(List.of(context.input()));
        for (String v : VALUES) {
            inputs.add(context.initializer(v));
        }
        return context.node("BatchNormalization", inputs, ExportContext.floatAttribute("epsilon", layer.epsilon()),
                ExportContext.floatAttribute("momentum", 1f - layer.momentum()));
    }

    @Override
    public List<String> opTypes() {
        return List.of("BatchNormalization");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto node = cursor.node();
        if (cursor.intAttribute(node, "training_mode", 0) != 0 || node.getOutputCount() > 1) {
            throw cursor.fail(node, "it is in training mode; Neurite imports BatchNormalization in its inference form"
                    + " (export the model in eval mode)");
        }
        if (node.getInputCount() != 5) {
            throw cursor.fail(node, "it has " + node.getInputCount() + " inputs; BatchNormalization takes X, scale, B,"
                    + " mean and var");
        }
        long[] dims = cursor.constantDims(node, 1);
        if (dims.length != 1) {
            throw cursor.fail(node, "the scale has shape " + Arrays.toString(dims) + "; one value per channel expected");
        }
        int channels = (int) dims[0];
        Map<String, float[]> values = new java.util.HashMap<>();
        for (int i = 0; i < VALUES.size(); i++) {
            long[] d = cursor.constantDims(node, i + 1);
            if (d.length != 1 || d[0] != channels) {
                throw cursor.fail(node, "input " + (i + 1) + " has shape " + Arrays.toString(d) + " for " + channels
                        + " channels");
            }
            values.put(VALUES.get(i), cursor.constantValues(node, i + 1));
        }
        float epsilon = cursor.floatAttribute(node, "epsilon", 1e-5f);
        float momentum = 1f - cursor.floatAttribute(node, "momentum", 0.9f);
        BatchNorm layer;
        try {
            layer = new BatchNorm(channels, momentum, epsilon);
        } catch (IllegalArgumentException e) {
            throw cursor.fail(node, e.getMessage());
        }
        cursor.advance();
        return Optional.of(new ImportedLayer(layer, values));
    }
}
