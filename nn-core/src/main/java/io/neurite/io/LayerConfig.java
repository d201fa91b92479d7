package io.neurite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The hyper-parameters of one layer as stored in a model file's JSON ({@code "config": {"inputs": 784, ...}}):
 * what a {@link LayerCodec} writes when saving and reads to rebuild the layer (and, the same way, a layer's
 * run-time state and an optimizer's or schedule's hyper-parameters). Only scalars (integers,
 * floating-point numbers, strings, booleans). Getters check presence and type and fail with an
 * {@link IllegalArgumentException} naming the field, which the loader turns into a {@link ModelFileException}
 * naming the layer.
 *
 * <p>Floats and doubles round-trip exactly (a float is stored as the double of equal value).
 */
public final class LayerConfig {
    private final ObjectNode node;
    /** The fields a codec asked for, so that the loader can refuse fields this version does not understand. */
    private final Set<String> read = new HashSet<>();

    private LayerConfig(ObjectNode node) {
        this.node = node;
    }

    /** An empty config to write into. */
    public static LayerConfig empty() {
        return new LayerConfig(JsonNodeFactory.instance.objectNode());
    }

    /** A config over {@code node} as read from a file (not copied). */
    static LayerConfig of(ObjectNode node) {
        return new LayerConfig(node);
    }

    ObjectNode node() {
        return node;
    }

    public LayerConfig put(String name, int value) {
        node.put(name, value);
        return this;
    }

    public LayerConfig put(String name, long value) {
        node.put(name, value);
        return this;
    }

    /** Stores a finite float; NaN and infinities have no JSON form and are refused. */
    public LayerConfig put(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("config field '" + name + "' is " + value
                    + "; only finite numbers can be saved");
        }
        node.put(name, (double) value);
        return this;
    }

    /** Stores a finite double; NaN and infinities have no JSON form and are refused. */
    public LayerConfig put(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("config field '" + name + "' is " + value
                    + "; only finite numbers can be saved");
        }
        node.put(name, value);
        return this;
    }

    public LayerConfig put(String name, String value) {
        node.put(name, Objects.requireNonNull(value, name));
        return this;
    }

    public LayerConfig put(String name, boolean value) {
        node.put(name, value);
        return this;
    }

    public int getInt(String name) {
        JsonNode v = field(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(name, "an integer", v);
        }
        return v.intValue();
    }

    public long getLong(String name) {
        JsonNode v = field(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(name, "an integer", v);
        }
        return v.longValue();
    }

    public float getFloat(String name) {
        JsonNode v = field(name);
        if (!v.isNumber() || !Float.isFinite((float) v.doubleValue())) {
            throw wrongType(name, "a finite number", v);
        }
        return (float) v.doubleValue();
    }

    public double getDouble(String name) {
        JsonNode v = field(name);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw wrongType(name, "a finite number", v);
        }
        return v.doubleValue();
    }

    public String getString(String name) {
        JsonNode v = field(name);
        if (!v.isTextual()) {
            throw wrongType(name, "a string", v);
        }
        return v.textValue();
    }

    public boolean getBoolean(String name) {
        JsonNode v = field(name);
        if (!v.isBoolean()) {
            throw wrongType(name, "true or false", v);
        }
        return v.booleanValue();
    }

    /** Whether the field is present (counts as reading it: an optional field the codec knows about). */
    public boolean has(String name) {
        read.add(name);
        return node.has(name);
    }

    /** The field names, in file order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** The fields no getter has asked for (after a codec's {@code create}: fields it does not know). */
    List<String> unread() {
        List<String> unread = new ArrayList<>(names());
        unread.removeAll(read);
        return unread;
    }

    private JsonNode field(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("config field '" + name + "' is missing (the config has " + names() + ")");
        }
        return v;
    }

    private static IllegalArgumentException wrongType(String name, String expected, JsonNode actual) {
        return new IllegalArgumentException("config field '" + name + "' must be " + expected + " but is " + actual);
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
