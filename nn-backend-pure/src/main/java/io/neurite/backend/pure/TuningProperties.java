package io.neurite.backend.pure;

import java.util.Locale;

/**
 * Reads the backend's tuning properties ({@code -Dneurite.gemm.kc=256}, {@code -Dneurite.pool.spinMicros=500}, ...;
 * docs/pure-backend.md lists them). A value that is set but does not parse is an error that names the property
 * and what it takes. {@code Long.getLong} and {@code Integer.getInteger}, which these replaced, fall back to the
 * default without a word, so a typo in an experiment measured the default and said nothing.
 */
final class TuningProperties {
    private TuningProperties() {
    }

    /** A positive integer, or {@code fallback} when the property is not set (or blank). */
    static long positiveLong(String name, long fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : parse(name, value, Long.MAX_VALUE,
                "the default is " + fallback);
    }

    /** A positive int, or {@code fallback} when the property is not set (or blank). */
    static int positiveInt(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : (int) parse(name, value, Integer.MAX_VALUE,
                "the default is " + fallback);
    }

    /** A positive int, or null when the property is not set (or blank): for overrides without a fixed default. */
    static Integer positiveIntOrNull(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? null : (int) parse(name, value, Integer.MAX_VALUE,
                "without it the backend chooses");
    }

    private static long parse(String name, String value, long max, String otherwise) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the error below says what the property takes
        }
        throw new IllegalArgumentException("-D" + name + "=" + value + " is not a positive integer"
                + (max < Long.MAX_VALUE ? " up to " + max : "") + " (" + otherwise + "); fix the value or remove"
                + " the option");
    }

    /** {@code true} or {@code false} (any case), or {@code fallback} when the property is not set (or blank). */
    static boolean flag(String name, boolean fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("-D" + name + "=" + value + " is neither true nor false"
                    + " (the default is " + fallback + ")");
        };
    }
}
