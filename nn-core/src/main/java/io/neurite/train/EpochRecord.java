package io.neurite.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one finished epoch: its 1-based number, the metrics by name ({@code loss},
 * {@code accuracy}, and with validation data {@code val_loss}, {@code val_accuracy}), in insertion order,
 * and the wall time in seconds.
 */
public record EpochRecord(int epoch, Map<String, Double> metrics, double seconds) {

    public EpochRecord {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metric {@code name}, or an error listing the metrics this epoch has. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("epoch " + epoch + " has no metric '" + name + "'; it has "
                    + metrics.keySet() + (name.startsWith("val_") ? " (pass validation data to record val_ metrics)" : ""));
        }
        return v;
    }

    public boolean has(String name) {
        return metrics.containsKey(name);
    }
}
