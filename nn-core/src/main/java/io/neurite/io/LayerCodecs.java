package io.neurite.io;

import io.neurite.nn.Layer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The layer codecs a model file is written and read with: every layer of {@code io.neurite.nn}, found by
 * type name, plus the codecs added with {@link #with} for layers of other packages.
 *
 * <h2>How a built-in layer's codec is found</h2>
 * The type name {@code T} of a layer of {@code io.neurite.nn} is its class's simple name, and its codec is
 * that class's {@code public static final LayerCodec<T> CODEC} field (see {@link LayerCodec}). To load type
 * {@code "T"} the lookup takes the class {@code io.neurite.nn.T} — only when {@code T} is
 * {@code [A-Za-z][A-Za-z0-9]*}, so a file can name nothing outside that one package — and uses it only if it
 * is a concrete {@link Layer} whose {@code CODEC} handles exactly that class under exactly that name. Adding a
 * layer type to {@code io.neurite.nn} is therefore one file: the layer with its {@code CODEC}.
 *
 * <p>Why not {@link java.util.ServiceLoader}: it would need every layer listed again in a
 * {@code META-INF/services} file (a second place to edit, and one that fat jars must merge), and layers are
 * values with constructor arguments, not services with no-argument constructors.
 *
 * <p>Immutable and thread-safe; found codecs are cached for the life of the JVM (names that find nothing are
 * not).
 */
public final class LayerCodecs {
    /** The package whose layers are found by name. */
    public static final String LAYER_PACKAGE = "io.neurite.nn";
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    /** Found codecs only: a file naming many unknown types must not grow this map. */
    private static final Map<String, LayerCodec<?>> BUILT_IN = new ConcurrentHashMap<>();
    private static final LayerCodecs STANDARD = new LayerCodecs(List.of());

    private final Map<String, LayerCodec<?>> byType;
    private final Map<Class<?>, LayerCodec<?>> byClass;

    private LayerCodecs(List<LayerCodec<?>> added) {
        Map<String, LayerCodec<?>> types = new LinkedHashMap<>();
        Map<Class<?>, LayerCodec<?>> classes = new LinkedHashMap<>();
        for (LayerCodec<?> c : added) {
            Objects.requireNonNull(c, "codec");
            if (c.type().equals(ModelFile.SEQUENTIAL_TYPE)) {
                throw new IllegalArgumentException("LayerCodecs: the type name '" + c.type()
                        + "' is reserved for nested models");
            }
            LayerCodec<?> builtIn = builtIn(c.type());
            if (builtIn == null && c.layerClass().getPackageName().equals(LAYER_PACKAGE)) {
                builtIn = builtIn(c.layerClass().getSimpleName());
            }
            LayerCodec<?> sameType = types.put(c.type(), c);
            LayerCodec<?> sameClass = classes.put(c.layerClass(), c);
            LayerCodec<?> clash = builtIn != null ? builtIn : sameType != null ? sameType : sameClass;
            if (clash != null) {
                throw new IllegalArgumentException("LayerCodecs: " + c + " clashes with " + clash
                        + "; type names and layer classes must be unique, and those of " + LAYER_PACKAGE
                        + " are taken");
            }
        }
        this.byType = Collections.unmodifiableMap(types);
        this.byClass = Collections.unmodifiableMap(classes);
    }

    /** The codecs of every layer in {@code io.neurite.nn}. */
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
        Class<?> c = layer.getClass();
        LayerCodec<?> codec = byClass.get(c);
        if (codec == null && c.getPackageName().equals(LAYER_PACKAGE)) {
            codec = builtIn(c.getSimpleName());
        }
        return codec != null && codec.layerClass() == c ? (LayerCodec<L>) codec : null;
    }

    /** The codec for a type name, or {@code null}. */
    LayerCodec<?> forType(String type) {
        LayerCodec<?> codec = byType.get(type);
        return codec != null ? codec : builtIn(type);
    }

    /** The type names added with {@link #with}, in the order added (the layers of io.neurite.nn come on top). */
    public List<String> addedTypes() {
        return List.copyOf(byType.keySet());
    }

    /** For messages: what this set knows. */
    String known() {
        return "the layers of " + LAYER_PACKAGE + (byType.isEmpty() ? "" : " and " + byType.keySet());
    }

    private static LayerCodec<?> builtIn(String type) {
        if (!TYPE_NAME.matcher(type).matches()) {
            return null;
        }
        return BUILT_IN.computeIfAbsent(type, LayerCodecs::find);
    }

    /** {@code io.neurite.nn.<type>.CODEC} if that is a codec for that very class under that very name, else null. */
    private static LayerCodec<?> find(String type) {
        Class<?> c;
        try {
            // Not initialised until it is known to be a layer: a type name must not run arbitrary static code.
            c = Class.forName(LAYER_PACKAGE + "." + type, false, LayerCodecs.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (!Layer.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())
                || !c.getSimpleName().equals(type)) {
            return null;
        }
        Field field;
        try {
            field = c.getField("CODEC");
        } catch (NoSuchFieldException e) {
            return null;
        }
        int m = field.getModifiers();
        if (field.getDeclaringClass() != c || !Modifier.isStatic(m) || !Modifier.isFinal(m)
                || !LayerCodec.class.isAssignableFrom(field.getType())) {
            return null;
        }
        LayerCodec<?> codec;
        try {
            codec = (LayerCodec<?>) field.get(null);
        } catch (IllegalAccessException e) {
            return null;
        }
        if (codec == null || !codec.type().equals(type) || codec.layerClass() != c) {
            throw new IllegalStateException(c.getName() + ".CODEC is " + codec + "; a layer of " + LAYER_PACKAGE
                    + " must declare the codec of its own class under its simple name '" + type + "'");
        }
        return codec;
    }

    @Override
    public String toString() {
        return "LayerCodecs[" + known() + "]";
    }
}
