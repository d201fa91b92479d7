package io.neurite.bench.report;

import java.util.Locale;
import java.util.Map;

/**
 * One benchmark result from JMH's JSON ({@code -rf json}): which benchmark with which parameters, the
 * primary score with JMH's error (the half-width of its 99.9% confidence interval; NaN when there were
 * too few iterations to compute one), and the bytes allocated per operation when the run used
 * {@code -prof gc}.
 *
 * @param benchmark fully qualified benchmark method, e.g. {@code io.neurite.bench.GemmBenchmark.square}
 * @param mode JMH mode: {@code avgt}, {@code sample}, {@code ss} (time per operation) or {@code thrpt}
 * @param params the {@code @Param} values
 * @param score primary score in {@code unit}: the median of the measurement iterations where JMH gives one
 * @param error JMH's score error in {@code unit}, or NaN
 * @param unit e.g. {@code us/op} or {@code ops/s}
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation, or NaN without {@code -prof gc}
 * @param jdk JDK version of the fork, e.g. {@code 17.0.15}
 * @param vm VM name and version
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
        String unit, double allocBytesPerOp, String jdk, String vm) {

    public JmhResult {
        params = Map.copyOf(params);
    }

    /** {@code GemmBenchmark.square}: the class's simple name and the method. */
    public String simpleName() {
        int method = benchmark.lastIndexOf('.');
        int cls = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** The benchmark class's simple name, e.g. {@code GemmBenchmark}. */
    public String className() {
        String s = simpleName();
        return s.substring(0, s.indexOf('.'));
    }

    /** The benchmark method, e.g. {@code square}. */
    public String method() {
        String s = simpleName();
        return s.substring(s.indexOf('.') + 1);
    }

    /** A parameter's value, or null if this benchmark has no such parameter. */
    public String param(String name) {
        return params.get(name);
    }

    /** An integer parameter; fails naming the benchmark if it is missing or not a number. */
    public int intParam(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(simpleName() + " has no parameter '" + name + "' (it has " + params.keySet()
                    + "); was it renamed?");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(simpleName() + " parameter " + name + "=" + v + " is not an integer", e);
        }
    }

    /** Seconds per operation, from any JMH time or throughput unit. */
    public double secondsPerOp() {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException(simpleName() + ": unknown JMH unit '" + unit + "'");
        }
        if (parts[1].equals("op")) {
            return score * secondsIn(parts[0]);
        }
        if (parts[0].equals("ops")) {
            return secondsIn(parts[1]) / score;
        }
        throw new IllegalArgumentException(simpleName() + ": unknown JMH unit '" + unit + "'");
    }

    /**
     * JMH's error relative to the score ({@code error / score}), which is also, to first order, the
     * relative error of anything derived from the time, such as GFLOPS or samples per second.
     */
    public double relativeError() {
        return error / score;
    }

    private double secondsIn(String timeUnit) {
        switch (timeUnit.toLowerCase(Locale.ROOT)) {
            case "ns":
                return 1e-9;
            case "us":
            case "µs":
                return 1e-6;
            case "ms":
                return 1e-3;
            case "s":
                return 1;
            case "min":
                return 60;
            default:
                throw new IllegalArgumentException(simpleName() + ": unknown time unit '" + timeUnit + "' in '" + unit + "'");
        }
    }
}
