package io.neurite.backend.pure;

import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;

/**
 * The backends the pure conformance tests run on: the discovered one (as a user gets it, with
 * {@code -Dneurite.threads} or all processors) and a second, single-threaded instance that serves as the
 * "other" backend for moving and refusing tensors.
 */
final class PureTestBackends {
    private PureTestBackends() {
    }

    static final Backend MAIN = Backends.get("pure");

    static final Backend OTHER = new PureBackend(1);
}
