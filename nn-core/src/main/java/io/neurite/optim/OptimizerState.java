package io.neurite.optim;

import io.neurite.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an optimizer needs to resume: its type ({@code "sgd"}, {@code "rmsprop"}, {@code "adam"},
 * {@code "adamw"}), the number of steps taken, and its per-parameter tensors keyed
 * {@code "<parameter name>/<slot>"}, e.g. {@code "0.weight/exp_avg"} (split at the last {@code '/'};
 * slot names never contain one). Slot names follow PyTorch's: {@code momentum_buffer}, {@code square_avg},
 * {@code grad_avg}, {@code exp_avg}, {@code exp_avg_sq}. Hyper-parameters are not part of the state: they
 * belong to the code (or the file) that builds the optimizer.
 *
 * @param type       the optimizer's {@link #type} name, checked on load
 * @param iterations steps taken, {@code >= 0}
 * @param tensors    in insertion order; kept as given (not copied)
 */
public record OptimizerState(String type, long iterations, Map<String, Tensor> tensors) {

    public OptimizerState {
        Objects.requireNonNull(type, "type");
        if (iterations < 0) {
            throw new IllegalArgumentException("OptimizerState: iterations is " + iterations + " but must be >= 0");
        }
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
    }

    /** The key of a parameter's slot: {@code parameterName + "/" + slot}. */
    public static String key(String parameterName, String slot) {
        return parameterName + "/" + slot;
    }

    /** The parameter name of a {@link #key}. */
    public static String parameterName(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("OptimizerState: key '" + key
                    + "' is not of the form '<parameter name>/<slot>'");
        }
        return key.substring(0, slash);
    }

    /** The slot name of a {@link #key}. */
    public static String slot(String key) {
        parameterName(key);
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
