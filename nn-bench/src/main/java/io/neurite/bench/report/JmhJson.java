package io.neurite.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the JSON that JMH writes with {@code -rf json -rff FILE} into {@link JmhResult}s. */
public final class JmhJson {
    /** JMH's name for allocation per operation, from {@code -prof gc}. */
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {
    }

    /** Every result in {@code file}, in file order. */
    public static List<JmhResult> read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read JMH results " + file + ": " + e.getMessage()
                    + " (write them with: java -jar benchmarks.jar ... -rf json -rff " + file + ")", e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not JMH JSON: expected a top-level array of results "
                    + "(was it written with -rf json?)");
        }
        List<JmhResult> out = new ArrayList<>();
        for (JsonNode node : root) {
            out.add(parse(node, file));
        }
        return out;
    }

    /** The results of several files, concatenated. */
    public static List<JmhResult> readAll(List<Path> files) {
        List<JmhResult> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(read(f));
        }
        return out;
    }

    private static JmhResult parse(JsonNode node, Path file) {
        String benchmark = required(node, "benchmark", file).asText();
        JsonNode primary = required(node, "primaryMetric", file);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = node.get("params");
        if (p != null) {
            p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        }
        double alloc = Double.NaN;
        JsonNode secondary = node.get("secondaryMetrics");
        if (secondary != null) {
            // JMH 1.37 names it "gc.alloc.rate.norm"; older versions prefixed a middle dot.
            JsonNode norm = secondary.has(ALLOC_NORM) ? secondary.get(ALLOC_NORM) : secondary.get("\u00b7" + ALLOC_NORM);
            if (norm != null) {
                alloc = median(norm);
            }
        }
        required(primary, "score", file);
        return new JmhResult(benchmark, node.path("mode").asText("avgt"), params,
                median(primary), number(primary.get("scoreError")),
                required(primary, "scoreUnit", file).asText(), alloc,
                node.path("jdkVersion").asText(""),
                (node.path("vmName").asText("") + " " + node.path("vmVersion").asText("")).trim());
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file + ": a result has no '" + field + "' field; is this JMH JSON?");
        }
        return v;
    }

    /**
     * The median of the measurement iterations (JMH's 50th percentile), or the mean where the JSON has no
     * percentiles. Medians, because one slow iteration (a GC, a JIT compile, another job on a shared
     * machine) moves the mean of five iterations a long way and the median hardly at all.
     */
    private static double median(JsonNode metric) {
        JsonNode p = metric.path("scorePercentiles").get("50.0");
        return p != null && !p.isNull() ? number(p) : number(metric.get("score"));
    }

    /** JMH writes NaN and infinities as strings ("NaN"). */
    private static double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
