package io.neurite.io;

import io.neurite.nn.Layer;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How one layer class is described in a model file: a type name ({@code "Dense"}), the hyper-parameters it
 * writes into a {@link LayerConfig}, and how to create an unbuilt layer from them. Parameters are not part of
 * the config: the model file stores them separately, and the loader copies them into the layer after the
 * model is built. A codec handles exactly one class (not its subclasses), so that a subclass with extra
 * behaviour is never silently saved as its parent.
 *
 * <p>To save a layer type of your own, give {@link ModelFile.Writer#codecs} and {@link ModelFile#read} a
 * {@link LayerCodecs} that includes a codec for it, e.g.
 * <pre>{@code
 * LayerCodecs codecs = LayerCodecs.standard().with(LayerCodec.of("Scale", Scale.class,
 *         (layer, config) -> config.put("factor", layer.factor()),
 *         config -> new Scale(config.getFloat("factor"))));
 * }</pre>
 *
 * @param <L> the layer class
 */
public interface LayerCodec<L extends Layer> {

    /** The name stored as the layer's {@code "type"}; unique within a {@link LayerCodecs}. */
    String type();

    /** The exact class this codec handles. */
    Class<L> layerClass();

    /** Writes the hyper-parameters needed to recreate {@code layer} (not its parameter values). */
    void writeConfig(L layer, LayerConfig config);

    /**
     * A new, unbuilt layer from {@code config}; throws {@link IllegalArgumentException} for a config it cannot
     * use (the layer's own constructor checks usually suffice).
     */
    L create(LayerConfig config);

    /** A codec from two functions. */
    static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass, BiConsumer<L, LayerConfig> writer,
                                              Function<LayerConfig, L> factory) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(layerClass, "layerClass");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(factory, "factory");
        return new LayerCodec<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<L> layerClass() {
                return layerClass;
            }

            @Override
            public void writeConfig(L layer, LayerConfig config) {
                writer.accept(layer, config);
            }

            @Override
            public L create(LayerConfig config) {
                return factory.apply(config);
            }

            @Override
            public String toString() {
                return "LayerCodec[" + type + " ↔ " + layerClass.getName() + "]";
            }
        };
    }

    /** A codec for a layer class without hyper-parameters, created by its no-argument constructor. */
    static <L extends Layer> LayerCodec<L> stateless(String type, Class<L> layerClass,
                                                     java.util.function.Supplier<L> constructor) {
        return of(type, layerClass, (layer, config) -> {
        }, config -> constructor.get());
    }
}
