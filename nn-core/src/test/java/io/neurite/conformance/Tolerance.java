package io.neurite.conformance;

/**
 * How far a backend's float32 result may lie from the double-precision reference:
 * {@code |actual - expected| <= absolute + relative * |expected|}. The named instances live in
 * {@link Tolerances}, the one place every backend's conformance run takes them from.
 */
public record Tolerance(double absolute, double relative) {

    /** Whether {@code actual} is close enough to {@code expected}; infinities and NaN must match exactly. */
    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
    }

    /** The allowed difference at {@code expected}, for error messages. */
    public double allowed(double expected) {
        return absolute + relative * Math.abs(expected);
    }
}
