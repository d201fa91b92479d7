package io.neurite.bench.report;

import java.util.List;
import java.util.Map;

/**
 * How a benchmark's time per operation becomes the figure a reader wants, and which ratios between
 * backends the report shows for it. One constant per kind of benchmark in this module; anything else is
 * shown as plain time per operation.
 */
public enum Metric {
    /** sgemm: 2·m·n·k floating-point operations per call, shown as GFLOPS. */
    GFLOPS("GFLOPS", "higher is better") {
        @Override
        double work(JmhResult r) {
            return gemmFlops(r);
        }
    },
    /** A Dense layer or a training step on a batch: samples per second. */
    SAMPLES_PER_SECOND("samples/s", "higher is better") {
        @Override
        double work(JmhResult r) {
            return r.intParam("batch");
        }
    },
    /** Small operations whose point is per-call overhead: microseconds per call. */
    MICROSECONDS("µs per call", "lower is better") {
        @Override
        double work(JmhResult r) {
            return Double.NaN;
        }
    };

    /** The Dense layer of GemmBenchmark's dense* products: batch 128, 784 inputs, 256 outputs. */
    static final int DENSE_BATCH = 128;
    static final int DENSE_IN = 784;
    static final int DENSE_OUT = 256;

    private final String unit;
    private final String direction;

    Metric(String unit, String direction) {
        this.unit = unit;
        this.direction = direction;
    }

    /** The unit shown in table headers. */
    public String unit() {
        return unit;
    }

    /** "higher is better" or "lower is better". */
    public String direction() {
        return direction;
    }

    /** Units of work per operation (FLOP, samples), or NaN for a time-only metric. */
    abstract double work(JmhResult r);

    /** The figure for {@code r}. */
    public Figure figure(JmhResult r) {
        double seconds = r.secondsPerOp();
        double relErr = r.relativeError();
        if (this == MICROSECONDS) {
            double us = seconds * 1e6;
            return new Figure(us, us * relErr, 1 / seconds);
        }
        double scale = this == GFLOPS ? 1e-9 : 1;
        double perSecond = work(r) / seconds * scale;
        return new Figure(perSecond, perSecond * relErr, perSecond);
    }

    /** The metric for a benchmark by its simple name ({@code GemmBenchmark.square}). */
    public static Metric of(JmhResult r) {
        switch (r.className()) {
            case "GemmBenchmark":
            case "PeakBenchmark":
                return GFLOPS;
            case "DenseBenchmark":
            case "TrainingStepBenchmark":
                return SAMPLES_PER_SECOND;
            default:
                return MICROSECONDS;
        }
    }

    /**
     * 2·m·n·k for GemmBenchmark: {@code square} is n×n·n×n; the dense products all have
     * m·n·k = 128·784·256 whatever their transposes.
     */
    static double gemmFlops(JmhResult r) {
        if (r.method().equals("square")) {
            double n = r.intParam("n");
            return 2 * n * n * n;
        }
        if (r.className().equals("PeakBenchmark")) {
            return 2.0 * io.neurite.backend.pure.PeakProbe.FMAS_PER_RUN;
        }
        if (r.method().startsWith("dense")) {
            return 2.0 * DENSE_BATCH * DENSE_IN * DENSE_OUT;
        }
        throw new IllegalArgumentException("No FLOP count for " + r.simpleName()
                + "; add it to Metric.gemmFlops (2·m·n·k for C[m,n] = A[m,k]·B[k,n])");
    }

    /** A ratio column: speed of {@code numerator} over speed of {@code denominator} (> 1: numerator faster). */
    public record Ratio(String label, List<String> numerators, String denominator) {
    }

    /** The ratio columns the report shows for a benchmark class. */
    public static List<Ratio> ratios(String className) {
        Ratio pureNd4j = new Ratio("pure/nd4j", List.of("pure"), "nd4j");
        return Map.of(
                "GemmBenchmark", List.of(pureNd4j, new Ratio("nd4j/nd4j-raw", List.of("nd4j"), "nd4j-raw")),
                "TrainingStepBenchmark", List.of(pureNd4j, new Ratio("best Neurite/dl4j", List.of("pure", "nd4j"), "dl4j")))
                .getOrDefault(className, List.of(pureNd4j));
    }
}
