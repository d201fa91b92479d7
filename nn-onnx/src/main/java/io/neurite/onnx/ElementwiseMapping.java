package io.neurite.onnx;

import io.neurite.nn.Layer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A layer without hyper-parameters ↔ one ONNX op without attributes that Neurite uses: ReLU ↔ {@code Relu},
 * Sigmoid ↔ {@code Sigmoid}, Tanh ↔ {@code Tanh}, Softplus ↔ {@code Softplus}.
 *
 * @param <L> the layer class
 */
final class ElementwiseMapping<L extends Layer> implements LayerExporter<L>, NodeImporter {
    private final Class<L> layerClass;
    private final String opType;
    private final Supplier<L> constructor;

    ElementwiseMapping(Class<L> layerClass, String opType, Supplier<L> constructor) {
        this.layerClass = Objects.requireNonNull(layerClass, "layerClass");
        this.opType = Objects.requireNonNull(opType, "opType");
        this.constructor = Objects.requireNonNull(constructor, "constructor");
    }

    @Override
    public Class<L> layerClass() {
        return layerClass;
    }

    @Override
    public String export(L layer, ExportContext context) {
        return context.node(opType, List.of(context.input()));
    }

    @Override
    public List<String> opTypes() {
        return List.of(opType);
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) {
        cursor.advance();
        return Optional.of(ImportedLayer.of(constructor.get()));
    }
}
