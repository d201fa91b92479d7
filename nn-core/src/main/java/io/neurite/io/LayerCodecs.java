package io.neurite.io;

import io.neurite.nn.AvgPool2D;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
import io.neurite.nn.Flatten;
import io.neurite.nn.GlobalAvgPool2D;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Reshape;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of {@link LayerCodec}s, looked up by layer class when saving and by type name when
 * loading. {@link #standard()} covers every layer in {@code io.neurite.nn}; nested {@code Sequential} models
 * are handled by the model file itself. {@link #with} adds codecs for your own layers.
 */
public final class LayerCodecs {
    private static final LayerCodecs STANDARD = new LayerCodecs(List.of(
            LayerCodec.of("Dense", Dense.class,
                    (layer, config) -> config.put("inputs", layer.inputSize()).put("outputs", layer.outputSize()),
                    // The weights are overwritten from the file right after building; zeros avoid drawing
                    // random numbers that would be thrown away.
                    config -> new Dense(config.getInt("inputs"), config.getInt("outputs"), Initializer.zeros())),
            LayerCodec.stateless("ReLU", ReLU.class, ReLU::new),
            LayerCodec.of("LeakyReLU", LeakyReLU.class,
                    (layer, config) -> config.put("slope", layer.slope()),
                    config -> new LeakyReLU(config.getFloat("slope"))),
            LayerCodec.stateless("Sigmoid", Sigmoid.class, Sigmoid::new),
            LayerCodec.stateless("Tanh", Tanh.class, Tanh::new),
            LayerCodec.stateless("GELU", GELU.class, GELU::new),
            LayerCodec.stateless("Softmax", Softmax.class, Softmax::new),
            LayerCodec.of("Dropout", Dropout.class,
                    (layer, config) -> config.put("rate", layer.rate()).put("seed", layer.seed()),
                    config -> new Dropout(config.getFloat("rate"), config.getLong("seed"))),
            // the image layers declare their codecs in their own classes (the CODEC field)
            Conv2D.CODEC, MaxPool2D.CODEC, AvgPool2D.CODEC, GlobalAvgPool2D.CODEC, Flatten.CODEC, Reshape.CODEC,
            BatchNorm.CODEC));

    private final Map<String, LayerCodec<?>> byType;
    private final Map<Class<?>, LayerCodec<?>> byClass;

    private LayerCodecs(List<LayerCodec<?>> codecs) {
        Map<String, LayerCodec<?>> types = new LinkedHashMap<>();
        Map<Class<?>, LayerCodec<?>> classes = new LinkedHashMap<>();
        for (LayerCodec<?> c : codecs) {
            Objects.requireNonNull(c, "codec");
            if (c.type().equals(ModelFile.SEQUENTIAL_TYPE)) {
                throw new IllegalArgumentException("LayerCodecs: the type name '" + c.type()
                        + "' is reserved for nested models");
            }
            LayerCodec<?> sameType = types.put(c.type(), c);
            LayerCodec<?> sameClass = classes.put(c.layerClass(), c);
            if (sameType != null || sameClass != null) {
                throw new IllegalArgumentException("LayerCodecs: " + c + " clashes with "
                        + (sameType != null ? sameType : sameClass) + "; type names and layer classes must be unique");
            }
        }
        this.byType = Collections.unmodifiableMap(types);
        this.byClass = Collections.unmodifiableMap(classes);
    }

    /**
     * Codecs for Dense, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softmax, Dropout, Conv2D, MaxPool2D, AvgPool2D,
     * GlobalAvgPool2D, Flatten, Reshape and BatchNorm.
     */
    public static LayerCodecs standard() {
        return STANDARD;
    }

    /** These codecs plus {@code more}; fails if a type name or class is already taken. */
    public LayerCodecs with(LayerCodec<?>... more) {
        List<LayerCodec<?>> all = new ArrayList<>(byType.values());
        all.addAll(List.of(more));
        return new LayerCodecs(all);
    }

    /** The codec for exactly {@code layer}'s class, or {@code null}. */
    @SuppressWarnings("unchecked")
    <L extends Layer> LayerCodec<L> forLayer(L layer) {
        return (LayerCodec<L>) byClass.get(layer.getClass());
    }

    /** The codec for a type name, or {@code null}. */
    LayerCodec<?> forType(String type) {
        return byType.get(type);
    }

    /** The type names known, in registration order. */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    @Override
    public String toString() {
        return "LayerCodecs" + byType.keySet();
    }
}
