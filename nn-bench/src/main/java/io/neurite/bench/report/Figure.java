package io.neurite.bench.report;

/**
 * A displayed number derived from one {@link JmhResult}: GFLOPS, samples per second or microseconds, with
 * JMH's error carried over in the same unit (NaN when JMH reported none).
 *
 * @param value the figure
 * @param error its error, or NaN
 * @param speed a number proportional to speed (operations per second), used for ratios between backends
 */
public record Figure(double value, double error, double speed) {
}
