package io.neurite.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PyTorch's figures for the same MLP training step, as {@code nn-bench/pytorch/mlp_step.py --json FILE}
 * writes them: {@code {"framework": "...", "results": [{"batch": 128, "threads": 1, "samples_per_second": ...,
 * "median_ms": ...}, ...]}}. The report shows them beside Neurite's and checks the speed goal against the
 * best of them.
 */
public record PyTorchReference(String framework, List<Row> rows) {

    /** One measured configuration. */
    public record Row(int batch, int threads, double samplesPerSecond, double medianMs) {
    }

    public static PyTorchReference read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode results = root.path("results");
        if (!results.isArray() || results.isEmpty()) {
            throw new IOException(file + ": no \"results\" array; write it with nn-bench/pytorch/mlp_step.py --json " + file);
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : results) {
            rows.add(new Row(r.path("batch").asInt(), r.path("threads").asInt(), r.path("samples_per_second").asDouble(),
                    r.path("median_ms").asDouble()));
        }
        return new PyTorchReference(root.path("framework").asText("PyTorch"), rows);
    }

    /** The best samples per second at this batch size over all thread counts, or NaN. */
    public double best(int batch) {
        return rows.stream().filter(r -> r.batch() == batch).mapToDouble(Row::samplesPerSecond).max().orElse(Double.NaN);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("### PyTorch reference: the same MLP step (" + framework
                + ") — samples/s, higher is better\n\n| batch | threads | samples/s | median ms per step |\n| ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %.3f |%n", r.batch(), r.threads(),
                    MarkdownReport.format(r.samplesPerSecond(), 3), r.medianMs()));
        }
        return sb.toString();
    }
}
