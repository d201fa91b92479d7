package io.neurite.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.data.Normalizer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.OptimizerState;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads one model file in three stages, so that nothing is built from a file that is not entirely sound:
 * <ol>
 *   <li>the container: a zip (not empty, not truncated) with a {@value ModelFile#DESCRIPTION_ENTRY} whose
 *       format and version this code reads, and exactly the entries the description lists;</li>
 *   <li>the content: every entry's CRC-32 and SHA-256, every array's header, dtype and shape, every field of
 *       the description;</li>
 *   <li>the model: the layers are created and the Sequential built on the backend, its shapes and parameter
 *       names checked against the description, and only then the values copied in.</li>
 * </ol>
 * Every failure is a {@link ModelFileException} saying what is wrong and what to do.
 */
final class ModelFileReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The description of even a very large model is far smaller; a larger entry is not ours. */
    private static final int MAX_DESCRIPTION_BYTES = 64 << 20;
    /** Room for an {@code .npy} header (NumPy's own are 128 bytes; a version-1 header is at most 64 KiB). */
    private static final int MAX_NPY_HEADER = 65_536 + 12;
    private static final Set<String> TOP_LEVEL = Set.of("format", "formatVersion", "producer", "model",
            "parameters", "optimizer", "normalizer", "classNames", "metadata", "entries");

    private static final String DAMAGED = "the file is damaged or incomplete; save the model again, or copy the"
            + " complete file again";

    private final Path file;
    private final Backend backend;
    private final LayerCodecs codecs;
    /** Entries referenced so far by the description, to find listed-but-unused ones. */
    private final Set<String> used = new HashSet<>();

    ModelFileReader(Path file, Backend backend, LayerCodecs codecs) {
        this.file = file;
        this.backend = backend;
        this.codecs = codecs;
    }

    SavedModel read() throws ModelFileException {
        checkLooksLikeZip();
        try (ZipFile zip = openZip()) {
            Map<String, ZipEntry> zipEntries = listEntries(zip);
            JsonNode root = readDescription(zip, zipEntries.get(ModelFile.DESCRIPTION_ENTRY));
            int version = checkFormat(root);
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!TOP_LEVEL.contains(key)) {
                    throw fail(ModelFile.DESCRIPTION_ENTRY + " has an unknown field '" + key + "'; "
                            + "this file was not written by this version of Neurite");
                }
            }
            Map<String, Npy.Array> arrays = readArrays(zip, zipEntries, object(root, "entries", "entries"));

            ModelSpec spec = modelSpec(object(root, "model", "model"), "model");
            Map<String, Npy.Array> parameters = references(object(root, "parameters", "parameters"), arrays,
                    "parameters");
            OptimizerSpec optimizer = root.has("optimizer")
                    ? optimizerSpec(object(root, "optimizer", "optimizer"), arrays) : null;
            Normalizer normalizer = root.has("normalizer")
                    ? normalizer(object(root, "normalizer", "normalizer"), arrays) : null;
            List<String> classNames = root.has("classNames") ? strings(root.get("classNames"), "classNames")
                    : List.of();
            Map<String, String> metadata = root.has("metadata")
                    ? stringMap(object(root, "metadata", "metadata"), "metadata") : Map.of();
            List<String> unused = new ArrayList<>(arrays.keySet());
            unused.removeAll(used);
            if (!unused.isEmpty()) {
                throw fail("entries " + unused + " are listed in " + ModelFile.DESCRIPTION_ENTRY + " but not used by"
                        + " the model, optimizer or normalizer; " + DAMAGED);
            }

            Sequential model = build(spec);
            bindParameters(model, parameters);
            Optional<OptimizerState> state = optimizer == null ? Optional.empty()
                    : Optional.of(optimizer.toState(model, this));
            checkAgainstModel(model, normalizer, classNames);
            return new SavedModel(file, version, model, state,
                    Optional.ofNullable(optimizer).map(o -> o.description), Optional.ofNullable(normalizer),
                    classNames, metadata);
        } catch (IOException e) {
            if (e instanceof ModelFileException m) {
                throw m;
            }
            throw fail("cannot be read (" + e + "); " + DAMAGED, e);
        }
    }

    // ---- stage 1: the container ----------------------------------------------------------------------------

    private void checkLooksLikeZip() throws ModelFileException {
        if (!Files.exists(file)) {
            throw fail("does not exist; check the path (the working directory is "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw fail("is a directory, not a model file; give the path of the file ModelFile.save wrote");
        }
        byte[] head = new byte[4];
        int n;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
            size = Files.size(file);
        } catch (IOException e) {
            throw fail("cannot be read (" + e.getMessage() + "); check its permissions", e);
        }
        if (size == 0) {
            throw fail("is empty (0 bytes); the save that wrote it did not finish — save the model again");
        }
        boolean local = n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean empty = n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 5 && head[3] == 6;
        if (empty) {
            throw fail("is an empty zip archive, not a Neurite model; save the model with ModelFile.save");
        }
        if (!local) {
            throw fail("is not a Neurite model file: it is not a zip archive (it starts with bytes "
                    + hex(head, n) + "); a model file is the zip ModelFile.save writes");
        }
    }

    private ZipFile openZip() throws ModelFileException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw fail("is not a complete zip archive (" + e.getMessage() + "): it is truncated or damaged; save"
                    + " the model again, or copy the complete file again", e);
        } catch (IOException e) {
            throw fail("cannot be opened (" + e.getMessage() + ")", e);
        }
    }

    private Map<String, ZipEntry> listEntries(ZipFile zip) throws ModelFileException {
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        try {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entries.put(entry.getName(), entry) != null) {
                    throw fail("has two entries named '" + entry.getName() + "'; " + DAMAGED);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw fail("has an unreadable zip directory (" + e.getMessage() + "); " + DAMAGED, e);
        }
        if (!entries.containsKey(ModelFile.DESCRIPTION_ENTRY)) {
            List<String> names = new ArrayList<>(entries.keySet());
            throw fail("is a zip archive but not a Neurite model: it has no '" + ModelFile.DESCRIPTION_ENTRY
                    + "' entry (its entries: " + (names.size() > 10 ? names.subList(0, 10) + "..." : names)
                    + "); give the path of a file written by ModelFile.save");
        }
        return entries;
    }

    private JsonNode readDescription(ZipFile zip, ZipEntry entry) throws ModelFileException {
        byte[] bytes = readEntry(zip, entry, MAX_DESCRIPTION_BYTES);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " is not valid JSON (" + e.getOriginalMessage() + "); " + DAMAGED,
                    e);
        } catch (IOException e) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " cannot be parsed (" + e.getMessage() + "); " + DAMAGED, e);
        }
        if (root == null || !root.isObject()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " is not a JSON object; this is not a Neurite model file");
        }
        return root;
    }

    private int checkFormat(JsonNode root) throws ModelFileException {
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !format.textValue().equals(ModelFile.FORMAT)) {
            throw fail("is not a Neurite model: " + ModelFile.DESCRIPTION_ENTRY + " has format "
                    + (format == null ? "(none)" : format) + " instead of \"" + ModelFile.FORMAT + "\"; give the path"
                    + " of a file written by ModelFile.save");
        }
        JsonNode v = root.get("formatVersion");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " has no valid formatVersion (" + v + "); " + DAMAGED);
        }
        int version = v.intValue();
        if (version > ModelFile.FORMAT_VERSION) {
            throw fail("was written by a newer Neurite: its format version is " + version + " but this version reads"
                    + " up to " + ModelFile.FORMAT_VERSION + "; upgrade Neurite to load it");
        }
        if (version < 1) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + " has format version " + version + ", which never existed; "
                    + DAMAGED);
        }
        return version;
    }

    // ---- stage 2: the content ------------------------------------------------------------------------------

    /** Checks that the archive holds exactly the listed entries, then reads and verifies every array. */
    private Map<String, Npy.Array> readArrays(ZipFile zip, Map<String, ZipEntry> zipEntries, ObjectNode listed)
            throws ModelFileException {
        Set<String> extra = new TreeSet<>(zipEntries.keySet());
        extra.remove(ModelFile.DESCRIPTION_ENTRY);
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String where = "entries['" + name + "']";
            ZipEntry entry = zipEntries.get(name);
            if (entry == null || name.equals(ModelFile.DESCRIPTION_ENTRY)) {
                throw fail("entry '" + name + "' is listed in " + ModelFile.DESCRIPTION_ENTRY + " but missing from the"
                        + " archive; " + DAMAGED);
            }
            extra.remove(name);
            if (!e.getValue().isObject()) {
                throw fail(where + " is not a JSON object; " + DAMAGED);
            }
            ObjectNode info = (ObjectNode) e.getValue();
            int[] shape = shape(info.get("shape"), where + ".shape");
            String dtype = text(info, "dtype", where);
            if (!dtype.equals("float32")) {
                throw fail(where + " has dtype '" + dtype + "'; this version reads float32 only");
            }
            String sha = text(info, "sha256", where);
            long elements = Shape.of(shape).size();
            byte[] bytes = readEntry(zip, entry, MAX_NPY_HEADER + 4 * elements);
            if (!ModelFileWriter.sha256(bytes).equals(sha)) {
                throw fail("entry '" + name + "' fails its SHA-256 check (the file is corrupted); save the model"
                        + " again or restore the file from a backup");
            }
            Npy.Array array;
            try {
                array = Npy.decode(bytes);
            } catch (IllegalArgumentException ex) {
                throw fail("entry '" + name + "': " + ex.getMessage(), ex);
            }
            if (!Arrays.equals(array.shape(), shape)) {
                throw fail("entry '" + name + "' holds an array of shape " + Arrays.toString(array.shape()) + " but "
                        + ModelFile.DESCRIPTION_ENTRY + " says " + Arrays.toString(shape) + "; " + DAMAGED);
            }
            arrays.put(name, array);
        }
        if (!extra.isEmpty()) {
            throw fail("has entries that " + ModelFile.DESCRIPTION_ENTRY + " does not list: " + extra
                    + "; the file was changed after it was saved — save the model again");
        }
        return arrays;
    }

    /** The entry's bytes, at most {@code limit}, with the CRC-32 checked (ZipFile does not check it). */
    private byte[] readEntry(ZipFile zip, ZipEntry entry, long limit) throws ModelFileException {
        String name = entry.getName();
        if (entry.isDirectory()) {
            throw fail("entry '" + name + "' is a directory; " + DAMAGED);
        }
        if (entry.getSize() > limit) {
            throw fail("entry '" + name + "' is " + entry.getSize() + " bytes, more than the " + limit + " it can be"
                    + "; " + DAMAGED);
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
        } catch (IOException | RuntimeException e) {
            throw fail("entry '" + name + "' cannot be read (" + e.getMessage() + "); " + DAMAGED, e);
        }
        if (bytes.length > limit) {
            throw fail("entry '" + name + "' is longer than the " + limit + " bytes it can be; " + DAMAGED);
        }
        if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
            throw fail("entry '" + name + "' has " + bytes.length + " bytes but the zip directory says "
                    + entry.getSize() + "; " + DAMAGED);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw fail("entry '" + name + "' fails its CRC-32 check (the file is corrupted); " + DAMAGED);
        }
        return bytes;
    }

    /** The architecture: {@code {"inputShape": [...], "layers": [...], "outputShape": [...]}}. */
    private ModelSpec modelSpec(ObjectNode node, String where) throws ModelFileException {
        Shape input = Shape.of(shape(node.get("inputShape"), where + ".inputShape"));
        Shape output = Shape.of(shape(node.get("outputShape"), where + ".outputShape"));
        JsonNode layers = node.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw fail(where + ".layers is missing or empty; " + DAMAGED);
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String w = where + ".layers[" + i + "]";
            if (!layers.get(i).isObject()) {
                throw fail(w + " is not a JSON object; " + DAMAGED);
            }
            ObjectNode l = (ObjectNode) layers.get(i);
            String type = text(l, "type", w);
            Shape out = Shape.of(shape(l.get("outputShape"), w + ".outputShape"));
            if (type.equals(ModelFile.SEQUENTIAL_TYPE)) {
                specs.add(new LayerSpec(type, null, modelSpec(object(l, "model", w + ".model"), w + ".model"), out, w));
            } else {
                specs.add(new LayerSpec(type, object(l, "config", w + ".config"), null, out, w));
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
            throw fail(where + " must name an entry but is " + entryName + "; " + DAMAGED);
        }
        Npy.Array a = arrays.get(entryName.textValue());
        if (a == null) {
            throw fail(where + " refers to entry '" + entryName.textValue() + "', which " + ModelFile.DESCRIPTION_ENTRY
                    + " does not list; " + DAMAGED);
        }
        if (!used.add(entryName.textValue())) {
            throw fail(where + " refers to entry '" + entryName.textValue() + "', which is already used; " + DAMAGED);
        }
        return a;
    }

    private OptimizerSpec optimizerSpec(ObjectNode node, Map<String, Npy.Array> arrays) throws ModelFileException {
        String type = text(node, "type", "optimizer");
        JsonNode it = node.get("iterations");
        if (it == null || !it.isIntegralNumber() || !it.canConvertToLong() || it.longValue() < 0) {
            throw fail("optimizer.iterations must be an integer >= 0 but is " + it + "; " + DAMAGED);
        }
        String description = node.has("description") ? text(node, "description", "optimizer") : type;
        Map<String, Npy.Array> state = references(object(node, "state", "optimizer.state"), arrays, "optimizer.state");
        for (String key : state.keySet()) {
            try {
                OptimizerState.parameterName(key);
            } catch (IllegalArgumentException e) {
                throw fail("optimizer.state key '" + key + "' is not '<parameter>/<slot>'; " + DAMAGED, e);
            }
        }
        return new OptimizerSpec(type, it.longValue(), description, state);
    }

    private Normalizer normalizer(ObjectNode node, Map<String, Npy.Array> arrays) throws ModelFileException {
        Npy.Array shift = reference(node.get("shift"), arrays, "normalizer.shift");
        Npy.Array scale = reference(node.get("scale"), arrays, "normalizer.scale");
        if (shift.shape().length != 1 || !Arrays.equals(shift.shape(), scale.shape())) {
            throw fail("normalizer shift " + Arrays.toString(shift.shape()) + " and scale "
                    + Arrays.toString(scale.shape()) + " must be vectors of one length; " + DAMAGED);
        }
        try {
            return Normalizer.of(shift.data(), scale.data());
        } catch (IllegalArgumentException e) {
            throw fail("normalizer: " + e.getMessage() + "; " + DAMAGED, e);
        }
    }

    // ---- stage 3: the model --------------------------------------------------------------------------------

    private Sequential build(ModelSpec spec) throws ModelFileException {
        List<Layer> layers = new ArrayList<>();
        Shape in = spec.input;
        for (LayerSpec l : spec.layers) {
            if (l.nested != null) {
                if (!l.nested.input.equals(in)) {
                    throw fail(l.where + " (nested Sequential) takes " + l.nested.input + " but receives " + in + "; "
                            + DAMAGED);
                }
                layers.add(build(l.nested));
            } else {
                layers.add(createLayer(l));
            }
            in = l.output;
        }
        Sequential model;
        try {
            model = new Sequential(backend, spec.input, layers);
        } catch (RuntimeException e) {
            throw fail("describes an architecture that cannot be built (" + e.getMessage() + "); " + DAMAGED, e);
        }
        Shape shape = spec.input;
        for (int i = 0; i < spec.layers.size(); i++) {
            shape = model.layers().get(i).outputShape(shape);
            LayerSpec l = spec.layers.get(i);
            if (!shape.equals(l.output)) {
                throw fail(l.where + " (" + model.layers().get(i) + ") produces " + shape + " but the file says "
                        + l.output + "; " + DAMAGED);
            }
        }
        if (!model.outputShape().equals(spec.output)) {
            throw fail("the model produces " + model.outputShape() + " but the file says " + spec.output + "; "
                    + DAMAGED);
        }
        return model;
    }

    private Layer createLayer(LayerSpec l) throws ModelFileException {
        LayerCodec<?> codec = codecs.forType(l.type);
        if (codec == null) {
            throw fail(l.where + " has type '" + l.type + "', which this program does not know (it knows "
                    + codecs.known() + " and Sequential); load it with the codecs of the program that saved it"
                    + " (ModelFile.read(file, backend, codecs))");
        }
        LayerConfig config = LayerConfig.of(l.config);
        Layer layer;
        try {
            layer = codec.create(config);
        } catch (RuntimeException e) {
            throw fail(l.where + " (" + l.type + ") has an invalid config " + l.config + ": " + e.getMessage() + "; "
                    + DAMAGED, e);
        }
        List<String> unknown = config.unread();
        if (!unknown.isEmpty()) {
            throw fail(l.where + " (" + l.type + ") has config fields " + unknown + " that this version does not know;"
                    + " it was written by another version of Neurite — upgrade to load it");
        }
        return layer;
    }

    /** Checks names, order and shapes of every parameter against the file, then copies the values in. */
    private void bindParameters(Sequential model, Map<String, Npy.Array> saved) throws ModelFileException {
        List<String> expected = new ArrayList<>();
        model.parameters().forEach(p -> expected.add(p.name()));
        if (!expected.equals(new ArrayList<>(saved.keySet()))) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(saved.keySet());
            Set<String> extra = new TreeSet<>(saved.keySet());
            extra.removeAll(expected);
            throw fail("the architecture has parameters " + expected + " but the file holds " + saved.keySet()
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unexpected " + extra)
                    + "; " + DAMAGED);
        }
        for (Parameter p : model.parameters()) {
            Npy.Array a = saved.get(p.name());
            if (!Arrays.equals(a.shape(), p.value().shape().dims())) {
                throw fail("parameter '" + p.name() + "' is " + Arrays.toString(a.shape()) + " in the file but the"
                        + " architecture needs " + p.value().shape() + "; " + DAMAGED);
            }
        }
        for (Parameter p : model.parameters()) {
            p.value().copyFrom(saved.get(p.name()).data());
        }
    }

    private void checkAgainstModel(Sequential model, Normalizer normalizer, List<String> classNames)
            throws ModelFileException {
        if (normalizer != null && normalizer.numFeatures() != model.inputShape().size()) {
            throw fail("the normalizer has " + normalizer.numFeatures() + " features but the model takes "
                    + model.inputShape() + "; " + DAMAGED);
        }
        if (!classNames.isEmpty() && classNames.size() != model.outputShape().size()) {
            throw fail("there are " + classNames.size() + " class names for " + model.outputShape().size()
                    + " outputs; " + DAMAGED);
        }
    }

    // ---- small JSON helpers --------------------------------------------------------------------------------

    private ObjectNode object(JsonNode parent, String field, String where) throws ModelFileException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is " + (n == null ? "missing" : "not an object")
                    + "; " + DAMAGED);
        }
        return (ObjectNode) n;
    }

    private String text(JsonNode parent, String field, String where) throws ModelFileException {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "." + field + "' is "
                    + (n == null ? "missing" : "not a string: " + n) + "; " + DAMAGED);
        }
        return n.textValue();
    }

    /** A Neurite tensor shape: 1 to 4 dimensions, each at least 1. */
    private int[] shape(JsonNode node, String where) throws ModelFileException {
        if (node == null || !node.isArray()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is missing or not an array; " + DAMAGED);
        }
        int[] dims = new int[node.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is not a list of integers: " + node + "; "
                        + DAMAGED);
            }
            dims[i] = d.intValue();
        }
        try {
            Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is not a valid shape (" + e.getMessage() + "); "
                    + DAMAGED, e);
        }
        return dims;
    }

    private List<String> strings(JsonNode node, String where) throws ModelFileException {
        if (!node.isArray()) {
            throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' is not an array; " + DAMAGED);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw fail(ModelFile.DESCRIPTION_ENTRY + ": '" + where + "' holds a non-string " + n + "; " + DAMAGED);
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
                        + DAMAGED);
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }

    ModelFileException fail(String problem, Throwable cause) {
        return new ModelFileException(file, problem, cause);
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x ", b[i] & 0xFF));
        }
        return sb.toString().trim();
    }

    // ---- what stage 2 produces for stage 3 ------------------------------------------------------------------

    private record ModelSpec(Shape input, List<LayerSpec> layers, Shape output) {
    }

    /** A layer: either a codec type with its config, or a nested model. {@code where} locates it in the JSON. */
    private record LayerSpec(String type, ObjectNode config, ModelSpec nested, Shape output, String where) {
    }

    private record OptimizerSpec(String type, long iterations, String description, Map<String, Npy.Array> state) {

        /** The state on the model's backend, after checking every key against the model's parameters. */
        OptimizerState toState(Sequential model, ModelFileReader reader) throws ModelFileException {
            Map<String, Parameter> params = new LinkedHashMap<>();
            model.parameters().forEach(p -> params.put(p.name(), p));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Npy.Array> e : state.entrySet()) {
                Parameter p = params.get(OptimizerState.parameterName(e.getKey()));
                if (p == null) {
                    throw reader.fail("optimizer state '" + e.getKey() + "' is for a parameter the model does not have"
                            + " (it has " + params.keySet() + "); " + DAMAGED);
                }
                if (!Arrays.equals(e.getValue().shape(), p.value().shape().dims())) {
                    throw reader.fail("optimizer state '" + e.getKey() + "' is " + Arrays.toString(e.getValue().shape())
                            + " but parameter '" + p.name() + "' is " + p.value().shape() + "; " + DAMAGED);
                }
            }
            Backend backend = model.backend();
            for (Map.Entry<String, Npy.Array> e : state.entrySet()) {
                tensors.put(e.getKey(), backend.of(e.getValue().data(), Shape.of(e.getValue().shape())));
            }
            return new OptimizerState(type, iterations, tensors);
        }
    }
}
