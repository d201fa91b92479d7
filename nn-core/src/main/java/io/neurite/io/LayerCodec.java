package io.neurite.io;

import io.neurite.nn.Layer;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How one layer class is described in a model file: a type name ({@code "Dense"}), the hyper-parameters it
 * writes into a {@link LayerConfig}, how to create an unbuilt layer from them, and optionally the layer's
 * run-time state that is neither a parameter nor a buffer (Dropout's generator position). Parameters and
 * buffers are not part of the config: the model file stores them as arrays and the loader copies them into
 * the layer after the model is built. A codec handles exactly one class (not its subclasses), so that a
 * subclass with extra behaviour is never silently saved as its parent.
 *
 * <h2>Where codecs live</h2>
 * A layer of {@code io.neurite.nn} declares its codec in its own class, named after the class:
 * <pre>{@code
 * public static final LayerCodec<Scale> CODEC = LayerCodec.of("Scale", Scale.class,
 *         (layer, config) -> config.put("factor", layer.factor()),
 *         config -> new Scale(config.getFloat("factor")));
 * }</pre>
 * and {@link LayerCodecs} finds it from the type name; nothing else needs editing. A layer of your own
 * package is saved and loaded with a {@link LayerCodecs} that includes its codec:
 * {@code LayerCodecs.standard().with(Scale.CODEC)}, given to {@link ModelFile.Writer#codecs} and
 * {@link ModelFile#read(java.nio.file.Path, io.neurite.tensor.Backend, LayerCodecs)}.
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

    /** Writes the layer's run-time state (format 2's {@code "state"}); nothing by default. */
    default void writeState(L layer, LayerConfig state) {
    }

    /**
     * Restores what {@link #writeState} wrote into a layer {@link #create} made (after the model is built).
     * Not called for a file without state (format 1), so the layer keeps its fresh state.
     */
    default void readState(L layer, LayerConfig state) {
    }

    /** This codec, also saving and restoring the layer's run-time state with these two functions. */
    default LayerCodec<L> withState(BiConsumer<L, LayerConfig> writer, BiConsumer<L, LayerConfig> reader) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(reader, "reader");
        LayerCodec<L> base = this;
        return new LayerCodec<>() {
            @Override
            public String type() {
                return base.type();
            }

            @Override
            public Class<L> layerClass() {
                return base.layerClass();
            }

            @Override
            public void writeConfig(L layer, LayerConfig config) {
                base.writeConfig(layer, config);
            }

            @Override
            public L create(LayerConfig config) {
                return base.create(config);
            }

            @Override
            public void writeState(L layer, LayerConfig state) {
                writer.accept(layer, state);
            }

            @Override
            public void readState(L layer, LayerConfig state) {
                reader.accept(layer, state);
            }

            @Override
            public String toString() {
                return base.toString();
            }
        };
    }

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
    static <L extends Layer> LayerCodec<L> stateless(String type, Class<L> layerClass, Supplier<L> constructor) {
        Objects.requireNonNull(constructor, "constructor");
        return of(type, layerClass, (layer, config) -> {
        }, config -> constructor.get());
    }
}
