package io.neurite.backend.nd4j;

/**
 * Reads {@code -Dneurite.threads}, the worker count every Neurite backend honours (default: available
 * processors), so that the pure and the ND4J backend can be compared with the same number of threads.
 */
final class ThreadsSetting {
    /** The system property shared with the pure backend. */
    static final String PROPERTY = "neurite.threads";

    private ThreadsSetting() {
    }

    static int configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a positive integer; pass e.g. -D"
                + PROPERTY + "=2");
    }
}
