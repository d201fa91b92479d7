package io.neurite.onnx;

import io.neurite.nn.Layer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The layer ↔ op mappings that {@link OnnxExport} and {@link OnnxImport} use: exporters looked up by exact layer
 * class, importers by the op type of the first node they take. {@link #standard()} covers every layer in
 * {@code io.neurite.nn}; a new layer is one class implementing {@link LayerExporter} and {@link NodeImporter},
 * added here (or by users with {@link #with}).
 */
public final class OnnxMappings {
    private static final OnnxMappings STANDARD = standardMappings();

    private final Map<Class<?>, LayerExporter<?>> exporters;
    private final Map<String, NodeImporter> importers;

    private OnnxMappings(List<LayerExporter<?>> exporters, List<NodeImporter> importers) {
        Map<Class<?>, LayerExporter<?>> byClass = new LinkedHashMap<>();
        for (LayerExporter<?> e : exporters) {
            if (byClass.put(e.layerClass(), e) != null) {
                throw new IllegalArgumentException("OnnxMappings: two exporters for " + e.layerClass().getName());
            }
        }
        Map<String, NodeImporter> byOp = new LinkedHashMap<>();
        for (NodeImporter i : importers) {
            for (String op : i.opTypes()) {
                if (byOp.put(op, i) != null) {
                    throw new IllegalArgumentException("OnnxMappings: two importers for the op " + op);
                }
            }
        }
        this.exporters = Collections.unmodifiableMap(byClass);
        this.importers = Collections.unmodifiableMap(byOp);
    }

    private static OnnxMappings standardMappings() {
        DenseMapping dense = new DenseMapping();
        var relu = new ElementwiseMapping<>(ReLU.class, "Relu", ReLU::new);
        var sigmoid = new ElementwiseMapping<>(Sigmoid.class, "Sigmoid", Sigmoid::new);
        var tanh = new ElementwiseMapping<>(Tanh.class, "Tanh", Tanh::new);
        var softplus = new ElementwiseMapping<>(Softplus.class, "Softplus", Softplus::new);
        SiLUMapping silu = new SiLUMapping();
        LeakyReLUMapping leaky = new LeakyReLUMapping();
        GeluMapping gelu = new GeluMapping();
        SoftmaxMapping softmax = new SoftmaxMapping();
        DropoutMapping dropout = new DropoutMapping();
        ConvMapping conv = new ConvMapping();
        var maxPool = PoolMapping.max();
        var avgPool = PoolMapping.average();
        GlobalAvgPoolMapping globalAvgPool = new GlobalAvgPoolMapping();
        FlattenMapping flatten = new FlattenMapping();
        ReshapeMapping reshape = new ReshapeMapping();
        BatchNormMapping batchNorm = new BatchNormMapping();
        List<Object> all = List.of(dense, relu, leaky, sigmoid, tanh, gelu, silu, softplus, softmax, dropout, conv, maxPool, avgPool,
                globalAvgPool, flatten, reshape, batchNorm);
        List<LayerExporter<?>> exporters = new ArrayList<>();
        List<NodeImporter> importers = new ArrayList<>();
        for (Object m : all) {
            exporters.add((LayerExporter<?>) m);
            importers.add((NodeImporter) m);
        }
        importers.add(new PadImporter());
        return new OnnxMappings(exporters, importers);
    }

    /**
     * Dense, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, SiLU, Softplus, Softmax, Dropout, Conv2D, MaxPool2D, AvgPool2D,
     * GlobalAvgPool2D, Flatten, Reshape and BatchNorm.
     */
    public static OnnxMappings standard() {
        return STANDARD;
    }

    /**
     * These mappings plus {@code mapping}, which implements {@link LayerExporter}, {@link NodeImporter} or both;
     * fails if its layer class or one of its op types is taken.
     */
    public OnnxMappings with(Object mapping) {
        Objects.requireNonNull(mapping, "mapping");
        if (!(mapping instanceof LayerExporter) && !(mapping instanceof NodeImporter)) {
            throw new IllegalArgumentException("OnnxMappings.with: " + mapping.getClass().getName()
                    + " is neither a LayerExporter nor a NodeImporter");
        }
        List<LayerExporter<?>> e = new ArrayList<>(exporters.values());
        List<NodeImporter> i = new ArrayList<>(new java.util.LinkedHashSet<>(importers.values()));
        if (mapping instanceof LayerExporter) {
            e.add((LayerExporter<?>) mapping);
        }
        if (mapping instanceof NodeImporter) {
            i.add((NodeImporter) mapping);
        }
        return new OnnxMappings(e, i);
    }

    /** The exporter for exactly {@code layer}'s class, or {@code null}. */
    @SuppressWarnings("unchecked")
    <L extends Layer> LayerExporter<L> exporter(L layer) {
        return (LayerExporter<L>) exporters.get(layer.getClass());
    }

    /** The importer for this op type, or {@code null}. */
    NodeImporter importer(String opType) {
        return importers.get(opType);
    }

    /** The layer classes that can be exported (simple names). */
    public List<String> exportableLayers() {
        List<String> names = new ArrayList<>();
        exporters.keySet().forEach(c -> names.add(c.getSimpleName()));
        return names;
    }

    /** The op types that can be imported, sorted. */
    public List<String> importableOps() {
        return List.copyOf(new TreeSet<>(importers.keySet()));
    }

    @Override
    public String toString() {
        return "OnnxMappings[export " + exportableLayers() + ", import " + importableOps() + "]";
    }
}
