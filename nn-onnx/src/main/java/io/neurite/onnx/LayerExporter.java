package io.neurite.onnx;

import io.neurite.nn.Layer;

/**
 * Writes one Neurite layer class as ONNX nodes. Exactly one class (not its subclasses), so that a subclass with
 * other behaviour is never exported as its parent. One exporter per layer; {@link OnnxMappings} collects them.
 *
 * @param <L> the layer class
 */
public interface LayerExporter<L extends Layer> {

    /** The exact layer class this exporter writes. */
    Class<L> layerClass();

    /**
     * Adds the nodes and initializers computing {@code layer} at inference (training-only layers such as
     * Dropout add nothing) and returns the name of the value they produce: {@code context.input()} if none.
     */
    String export(L layer, ExportContext context);
}
