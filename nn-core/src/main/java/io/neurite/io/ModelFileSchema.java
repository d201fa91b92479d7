package io.neurite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.data.Normalizer;
import io.neurite.optim.OptimizerState;
import io.neurite.tensor.Shape;
import io.neurite.train.TrainingPosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second job of reading a model file: what {@value ModelFile#DESCRIPTION_ENTRY} says, checked field by
 * field for the file's format version before anything is built. The result, {@link Content}, holds the
 * architecture as specs and every tensor resolved to its array, each entry used exactly once; building the
 * model from it is {@link ModelFileReader}'s job.
 *
 * <p>Fields by version (see {@link ModelFile}): format 1 has {@code model}, {@code parameters},
 * {@code optimizer} ({@code type}, {@code iterations}, {@code description}, {@code state}), {@code normalizer},
 * {@code classNames}, {@code metadata}, {@code entries}. Format 2 adds {@code buffers}, a layer's
 * {@code state}, the optimizer's {@code config} and {@code schedule}, and {@code training}. A field the file's
 * version does not have is refused.
 */
final class ModelFileSchema {
    private static final Set<String> TOP_LEVEL_1 = Set.of("format", "formatVersion", "producer", "model",
            "parameters", "optimizer", "normalizer", "classNames", "metadata", "entries");
    private static final Set<String> ADDED_IN_2 = Set.of("buffers", "training");

    /** The architecture: {@code {"inputShape": [...], "layers": [...], "outputShape": [...]}}. */
    record ModelSpec(Shape input, List<LayerSpec> layers, Shape output) {
    }

    /**
     * A layer: a codec type with its config (and, from format 2, its run-time state, or {@code null}), or a
     * nested model. {@code where} locates it in the JSON for messages.
     */
    record LayerSpec(String type, ObjectNode config, ObjectNode state, ModelSpec nested, Shape output, String where) {
    }

    /** The optimizer; {@code config} and {@code schedule} are both {@code null} when the file has only text. */
    record OptimizerSpec(String type, long iterations, String description, ObjectNode config, ObjectNode schedule,
                         Map<String, Npy.Array> state) {
    }

    /** Everything the description says, checked, with the arrays it refers to. */
    record Content(int version, ModelSpec model, Map<String, Npy.Array> parameters, Map<String, Npy.Array> buffers,
                   OptimizerSpec optimizer, Normalizer normalizer, List<String> classNames,
                   Map<String, String> metadata, TrainingPosition training) {
    }

    private final Path file;
    /** Entries referenced so far by the description, to find listed-but-unused ones. */
    private final Set<String> used = new HashSet<>();

    ModelFileSchema(Path file) {
        this.file = file;
    }

    /** The format version, after checking the format name, the version and that every top-level field exists in it. */
    int version(JsonNode root) throws ModelFileException {
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !format.textValue().equals(ModelFile.FORMAT)) {
            throw fail("is not a Neurite model: " + ModelFile.DESCRIPTION_ENTRY + " has format "
                    + (format == null ? "(none)" : format) + " instead of \"" + ModelFile.FORMAT + "\"; give the path"
                    + " of a file written by ModelFile.save");
        }
        JsonNode v = root.get("formatVersion");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " has no valid formatVersion (" + v + "); "
                    + ModelFileException.DAMAGED);
        }
        int version = v.intValue();
        if (version > ModelFile.FORMAT_VERSION) {
            throw fail("was written by a newer Neurite: its format version is " + version + " but this version reads"
                    + " up to " + ModelFile.FORMAT_VERSION + "; upgrade Neurite to load it");
        }
        if (version < 1) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " has format version " + version + ", which never existed; "
                    + ModelFileException.DAMAGED);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL_1.contains(key) && !(version >= 2 && ADDED_IN_2.contains(key))) {
                throw fail(ModelFile.DESCRIPTION_ENTRY + " has an unknown field '" + key + "'"
                        + (ADDED_IN_2.contains(key) ? " for format version " + version : "")
                        + "; this file was not written by this version of Neurite");
            }
        }
        return version;
    }

    /** The {@code entries} listing: every {@code .npy} entry's shape and SHA-256 (float32 only). */
    Map<String, ModelFileContainer.Listed> entries(JsonNode root) throws ModelFileException {
        ObjectNode listed = object(root, "entries", "entries");
        Map<String, ModelFileContainer.Listed> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "entries['" + e.getKey() + "']";
            if (!e.getValue().isObject()) {
                throw fail(where + " is not a JSON object; " + ModelFileException.DAMAGED);
            }
            ObjectNode info = (ObjectNode) e.getValue();
            int[] shape = shape(info.get("shape"), where + ".shape");
            String dtype = text(info, "dtype", where);
            if (!dtype.equals("float32")) {
                throw fail(where + " has dtype '" + dtype + "'; this version reads float32 only");
            }
            out.put(e.getKey(), new ModelFileContainer.Listed(shape, text(info, "sha256", where)));
        }
        return out;
    }

    /** The rest of the description, with every reference resolved in {@code arrays} and every array used. */
    Content content(JsonNode root, int version, Map<String, Npy.Array> arrays) throws ModelFileException {
        ModelSpec model = modelSpec(object(root, "model", "model"), "model", version);
        Map<String, Npy.Array> parameters = references(object(root, "parameters", "parameters"), arrays,
                "parameters");
        Map<String, Npy.Array> buffers = version >= 2
                ? references(object(root, "buffers", "buffers"), arrays, "buffers") : Map.of();
        OptimizerSpec optimizer = root.has("optimizer")
                ? optimizerSpec(object(root, "optimizer", "optimizer"), arrays, version) : null;
        Normalizer normalizer = root.has("normalizer")
                ? normalizer(object(root, "normalizer", "normalizer"), arrays) : null;
        List<String> classNames = root.has("classNames") ? strings(root.get("classNames"), "classNames") : List.of();
        Map<String, String> metadata = root.has("metadata")
                ? stringMap(object(root, "metadata", "metadata"), "metadata") : Map.of();
        TrainingPosition training = root.has("training") ? training(object(root, "training", "training")) : null;
        List<String> unused = new ArrayList<>(arrays.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw fail("entries " + unused + " are listed in " + ModelFile.DESCRIPTION_ENTRY + " but not used by"
                    + " the model, optimizer or normalizer; " + ModelFileException.DAMAGED);
        }
        return new Content(version, model, parameters, buffers, optimizer, normalizer, classNames, metadata, training);
    }

    private ModelSpec modelSpec(ObjectNode node, String where, int version) throws ModelFileException {
        Shape input = Shape.of(shape(node.get("inputShape"), where + ".inputShape"));
        Shape output = Shape.of(shape(node.get("outputShape"), where + ".outputShape"));
        JsonNode layers = node.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw fail(where + ".layers is missing or empty; " + ModelFileException.DAMAGED);
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String w = where + ".layers[" + i + "]";
            if (!layers.get(i).isObject()) {
                throw fail(w + " is not a JSON object; " + ModelFileException.DAMAGED);
            }
            ObjectNode l = (ObjectNode) layers.get(i);
            String type = text(l, "type", w);
            Shape out = Shape.of(shape(l.get("outputShape"), w + ".outputShape"));
            ObjectNode state = null;
            if (l.has("state")) {
                if (version < 2 || type.equals(ModelFile.SEQUENTIAL_TYPE)) {
                    throw fail(w + " has a 'state', which " + (version < 2 ? "format version " + version
                            : "a nested Sequential") + " does not have; " + ModelFileException.DAMAGED);
                }
                state = object(l, "state", w + ".state");
            }
            if (type.equals(ModelFile.SEQUENTIAL_TYPE)) {
                specs.add(new LayerSpec(type, null, null,
                        modelSpec(object(l, "model", w + ".model"), w + ".model", version), out, w));
            } else {
                specs.add(new LayerSpec(type, object(l, "config", w + ".config"), state, null, out, w));
            }
        }
        return new ModelSpec(input, specs, output);
    }

    /** {@code {"name": "entry", ...}} resolved to the arrays, each entry used once. */
    private Map<String, Npy.Array> references(ObjectNode node, Map<String, Npy.Array> arrays, String where)
            throws ModelFileException {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), reference(e.getValue(), arrays, where + "['" + e.getKey() + "']"));
        }
        return out;
    }

    private Npy.Array reference(JsonNode entryName, Map<String, Npy.Array> arrays, String where)
            throws ModelFileException {
        if (entryName == null || !entryName.isTextual()) {
            throw fail(where + " must name an entry but is " + entryName + "; " + ModelFileException.DAMAGED);
        }
        Npy.Array a = arrays.get(entryName.textValue());
        if (a == null) {
            throw fail(where + " refers to entry '" + entryName.textValue() + "', which " + ModelFile.DESCRIPTION_ENTRY
                    + " does not list; " + ModelFileException.DAMAGED);
        }
        if (!used.add(entryName.textValue())) {
            throw fail(where + " refers to entry '" + entryName.textValue() + "', which is already used; "
                    + ModelFileException.DAMAGED);
        }
        return a;
    }

    private OptimizerSpec optimizerSpec(ObjectNode node, Map<String, Npy.Array> arrays, int version)
            throws ModelFileException {
        String type = text(node, "type", "optimizer");
        JsonNode it = node.get("iterations");
        if (it == null || !it.isIntegralNumber() || !it.canConvertToLong() || it.longValue() < 0) {
            throw fail("optimizer.iterations must be an integer >= 0 but is " + it + "; " + ModelFileException.DAMAGED);
        }
        String description = node.has("description") ? text(node, "description", "optimizer") : type;
        Map<String, Npy.Array> state = references(object(node, "state", "optimizer.state"), arrays, "optimizer.state");
        for (String key : state.keySet()) {
            try {
                OptimizerState.parameterName(key);
            } catch (IllegalArgumentException e) {
                throw fail("optimizer.state key '" + key + "' is not '<parameter>/<slot>'; "
                        + ModelFileException.DAMAGED, e);
            }
        }
        ObjectNode config = null;
        ObjectNode schedule = null;
        if (node.has("config") || node.has("schedule")) {
            if (version < 2) {
                throw fail("optimizer has a 'config' or 'schedule', which format version " + version + " does not"
                        + " have; " + ModelFileException.DAMAGED);
            }
            config = object(node, "config", "optimizer.config");
            schedule = object(node, "schedule", "optimizer.schedule");
        }
        return new OptimizerSpec(type, it.longValue(), description, config, schedule, state);
    }

    private Normalizer normalizer(ObjectNode node, Map<String, Npy.Array> arrays) throws ModelFileException {
        Npy.Array shift = reference(node.get("shift"), arrays, "normalizer.shift");
        Npy.Array scale = reference(node.get("scale"), arrays, "normalizer.scale");
        if (shift.shape().length != 1 || !Arrays.equals(shift.shape(), scale.shape())) {
            throw fail("normalizer shift " + Arrays.toString(shift.shape()) + " and scale "
                    + Arrays.toString(scale.shape()) + " must be vectors of one length; " + ModelFileException.DAMAGED);
        }
        try {
            return Normalizer.of(shift.data(), scale.data());
        } catch (IllegalArgumentException e) {
            throw fail("normalizer: " + e.getMessage() + "; " + ModelFileException.DAMAGED, e);
        }
    }

    private TrainingPosition training(ObjectNode node) throws ModelFileException {
        LayerConfig c = LayerConfig.of(node);
        TrainingPosition position;
        try {
            position = new TrainingPosition(c.getInt("epoch"), c.getLong("seed"), c.getBoolean("shuffle"),
                    c.getInt("batchSize"), c.getLong("trainingSamples"));
        } catch (IllegalArgumentException e) {
            throw fail("training: " + e.getMessage() + "; " + ModelFileException.DAMAGED, e);
        }
        if (!c.unread().isEmpty()) {
            throw fail("training has fields " + c.unread() + " that this version does not know; it was written by"
                    + " another version of Neurite — upgrade to load it");
        }
        return position;
    }

    // ---- JSON field readers: each failure names the field's path ---------------------------------------------

    private ObjectNode object(JsonNode parent, String field, String where) throws ModelFileException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is " + (n == null ? "missing" : "not an object")
                    + "; " + ModelFileException.DAMAGED);
        }
        return (ObjectNode) n;
    }

    private String text(JsonNode parent, String field, String where) throws ModelFileException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "." + field + "' is "
                    + (n == null ? "missing" : "not a string: " + n) + "; " + ModelFileException.DAMAGED);
        }
        return n.textValue();
    }

    /** A Neurite tensor shape: 1 to 4 dimensions, each at least 1. */
    private int[] shape(JsonNode node, String where) throws ModelFileException {
        if (node == null || !node.isArray()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is missing or not an array; "
                    + ModelFileException.DAMAGED);
        }
        int[] dims = new int[node.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is not a list of integers: " + node + "; "
                        + ModelFileException.DAMAGED);
            }
            dims[i] = d.intValue();
        }
        try {
            Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is not a valid shape (" + e.getMessage() + "); "
                    + ModelFileException.DAMAGED, e);
        }
        return dims;
    }

    private List<String> strings(JsonNode node, String where) throws ModelFileException {
        if (!node.isArray()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is not an array; " + ModelFileException.DAMAGED);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' holds a non-string " + n + "; "
                        + ModelFileException.DAMAGED);
            }
            out.add(n.textValue());
        }
        return out;
    }

    private Map<String, String> stringMap(ObjectNode node, String where) throws ModelFileException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "." + e.getKey() + "' is not a string; "
                        + ModelFileException.DAMAGED);
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }

    private ModelFileException fail(String problem, Throwable cause) {
        return new ModelFileException(file, problem, cause);
    }
}
