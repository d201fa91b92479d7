package io.neurite.spi;

import io.neurite.tensor.Backend;

/**
 * A backend's entry point, found by {@link java.util.ServiceLoader}: a backend module lists its
 * implementation in {@code META-INF/services/io.neurite.spi.BackendProvider}.
 *
 * <p>Implementations must have a public no-argument constructor that does no heavy work: loading native
 * libraries belongs in {@link #isAvailable()} or {@link #create()}, where a failure is reported instead of
 * aborting discovery. Anchors: DJL's {@code EngineProvider}, SLF4J 2's {@code SLF4JServiceProvider}.
 */
public interface BackendProvider {

    /** Short, lower-case name users select it by ({@code -Dneurite.backend=NAME}). */
    String name();

    /** Higher wins when the user names no backend; ties are broken by name. */
    int priority();

    /** Whether {@link #create()} can succeed on this machine (for instance, its native library loads). */
    boolean isAvailable();

    /** Why it is not available (the loader's own error, for instance); empty when it is. */
    default String unavailableReason() {
        return "";
    }

    /** Creates the backend; called at most once per process by {@link io.neurite.discovery.Backends}. */
    Backend create();
}
