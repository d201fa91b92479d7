package io.neurite.examples;

import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --backend NAME}: which Neurite backend computes. Without it, the usual discovery rules apply
 * ({@code -Dneurite.backend}, then {@code NEURITE_BACKEND}, then the available backend with the highest
 * priority). An unknown or unavailable name fails with the list of backends found.
 */
final class BackendOption {

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME",
            description = "Backend to compute on, e.g. pure or nd4j (default: -Dneurite.backend, NEURITE_BACKEND or"
                    + " the best available; see 'neurite backends').")
    String name;

    /** Resolves the backend and says on {@code err} which one runs (and, for pure, which kernel path). */
    Backend resolve(PrintWriter err) {
        Backend backend = name == null || name.isBlank() ? Backends.get()
                : Backends.registry().select(name.trim(), "--backend " + name.trim());
        err.println("backend: " + backend.describe());
        String path = KernelPathInfo.describe(backend);
        if (path != null) {
            err.println("pure backend: " + path);
        }
        err.flush();
        return backend;
    }
}
