package io.neurite.onnx;

import io.neurite.nn.Dropout;
import java.util.List;
import java.util.Optional;

/**
 * {@link Dropout} is the identity at inference, so it is exported as nothing; ONNX's {@code Dropout} (in its
 * inference form) and {@code Identity} are imported as nothing. A model with Dropout layers therefore comes back
 * without them, and its later layers have lower indices (and parameter names).
 */
final class DropoutMapping implements LayerExporter<Dropout>, NodeImporter {

    @Override
    public Class<Dropout> layerClass() {
        return Dropout.class;
    }

    @Override
    public String export(Dropout layer, ExportContext context) {
        return context.input();
    }

    @Override
    public List<String> opTypes() {
        return List.of("Dropout", "Identity");
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        var node = cursor.node();
        // Dropout-12+ takes training_mode as an optional third input; true would make it drop at inference.
        if (node.getOpType().equals("Dropout") && node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            throw cursor.fail(node, "it has a training_mode input; Neurite imports Dropout in its inference form"
                    + " (export the model in eval mode, without training_mode)");
        }
        cursor.advance();
        return Optional.empty();
    }
}
