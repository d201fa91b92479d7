package io.neurite.onnx;

import io.neurite.nn.Layer;
import java.util.Map;

/**
 * A layer read from ONNX nodes, not built yet, and the values of its parameters and buffers by local name
 * ({@code weight}, {@code bias}), each in the layout Neurite holds (a Dense weight {@code [in, out]}). The
 * importer copies them in once the model is built.
 *
 * @param layer  the unbuilt layer
 * @param values float32 values per parameter or buffer name
 */
public record ImportedLayer(Layer layer, Map<String, float[]> values) {
    public ImportedLayer {
        values = Map.copyOf(values);
    }

    /** A layer without parameters or buffers. */
    public static ImportedLayer of(Layer layer) {
        return new ImportedLayer(layer, Map.of());
    }
}
