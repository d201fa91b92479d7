package io.neurite.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The results of one benchmark class arranged as a table: one row per method and parameter combination
 * other than {@code backend}, one column per backend. A later result for the same cell replaces an earlier
 * one, so several JSON files can be combined with the newest last.
 */
public final class ResultTable {
    /** The parameter that becomes columns. */
    public static final String BACKEND = "backend";
    /** Column order for the known backends; others follow in the order they appear. */
    private static final List<String> BACKEND_ORDER = List.of("pure", "nd4j", "nd4j-raw", "dl4j");
    /** Method order for the known benchmarks; others follow alphabetically. */
    private static final List<String> METHOD_ORDER = List.of("square", "denseForwardNN", "denseBackwardNT",
            "denseBackwardTN", "relu", "biasAdd", "forwardBackward", "step");

    /** A row: the method and its parameter values other than the backend (in {@link #paramNames} order). */
    public record RowKey(String method, List<String> params) {
    }

    private final String className;
    private final Metric metric;
    private final List<String> paramNames;
    private final List<String> backends;
    private final Map<RowKey, Map<String, JmhResult>> rows;

    private ResultTable(String className, Metric metric, List<String> paramNames, List<String> backends,
            Map<RowKey, Map<String, JmhResult>> rows) {
        this.className = className;
        this.metric = metric;
        this.paramNames = paramNames;
        this.backends = backends;
        this.rows = rows;
    }

    /** One table per benchmark class present in {@code results}, known classes first. */
    public static List<ResultTable> of(List<JmhResult> results) {
        Map<String, List<JmhResult>> byClass = new LinkedHashMap<>();
        for (JmhResult r : results) {
            byClass.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r);
        }
        List<String> classes = new ArrayList<>(byClass.keySet());
        List<String> known = List.of("GemmBenchmark", "ElementwiseBenchmark", "DenseBenchmark", "TrainingStepBenchmark");
        classes.sort(Comparator.comparingInt((String c) -> rank(known, c)).thenComparing(c -> c));
        List<ResultTable> tables = new ArrayList<>();
        for (String c : classes) {
            tables.add(build(c, byClass.get(c)));
        }
        return tables;
    }

    private static ResultTable build(String className, List<JmhResult> results) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> seenBackends = new LinkedHashSet<>();
        for (JmhResult r : results) {
            names.addAll(r.params().keySet());
            seenBackends.add(r.params().getOrDefault(BACKEND, "score"));
        }
        names.remove(BACKEND);
        // Size parameters first, threads last: rows then read "n=64, threads=1".
        List<String> paramNames = new ArrayList<>(names);
        paramNames.sort(Comparator.comparing((String p) -> p.equals("threads")).thenComparing(p -> p));
        List<String> backends = new ArrayList<>(seenBackends);
        backends.sort(Comparator.comparingInt(b -> rank(BACKEND_ORDER, b)));

        List<JmhResult> sorted = new ArrayList<>(results);
        Comparator<JmhResult> order = Comparator.comparingInt((JmhResult r) -> rank(METHOD_ORDER, r.method()))
                .thenComparing(JmhResult::method);
        // Threads outermost within a method, so one thread count's sizes stay together.
        if (paramNames.contains("threads")) {
            order = order.thenComparingDouble(r -> numeric(r.param("threads")));
        }
        for (String p : paramNames) {
            order = order.thenComparingDouble((JmhResult r) -> numeric(r.param(p)))
                    .thenComparing(r -> r.params().getOrDefault(p, ""));
        }
        sorted.sort(order);

        Map<RowKey, Map<String, JmhResult>> rows = new LinkedHashMap<>();
        for (JmhResult r : sorted) {
            List<String> values = new ArrayList<>();
            for (String p : paramNames) {
                values.add(r.params().getOrDefault(p, ""));
            }
            rows.computeIfAbsent(new RowKey(r.method(), values), k -> new LinkedHashMap<>())
                    .put(r.params().getOrDefault(BACKEND, "score"), r);
        }
        return new ResultTable(className, Metric.of(sorted.get(0)), paramNames, backends, rows);
    }

    private static int rank(List<String> order, String value) {
        int i = order.indexOf(value);
        return i < 0 ? order.size() : i;
    }

    /** Sorts "32" before "128"; non-numbers after numbers (then by text, see the caller). */
    private static double numeric(String v) {
        if (v == null) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    public String className() {
        return className;
    }

    public Metric metric() {
        return metric;
    }

    /** Parameters shown as row-label columns, in order. */
    public List<String> paramNames() {
        return paramNames;
    }

    /** Backend columns, in order. */
    public List<String> backends() {
        return backends;
    }

    /** Rows in display order; each maps backend to its result (a backend may be missing from a row). */
    public Map<RowKey, Map<String, JmhResult>> rows() {
        return rows;
    }

    /** Whether any result in this table carries {@code -prof gc} allocation figures. */
    public boolean hasAllocation() {
        return rows.values().stream().flatMap(m -> m.values().stream())
                .anyMatch(r -> !Double.isNaN(r.allocBytesPerOp()));
    }
}
