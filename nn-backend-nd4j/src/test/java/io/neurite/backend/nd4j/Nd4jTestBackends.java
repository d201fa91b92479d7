package io.neurite.backend.nd4j;

import io.neurite.backend.pure.PureBackend;
import io.neurite.tensor.Backend;
import io.neurite.discovery.Backends;

/**
 * The backends the nd4j tests run on: the discovered one, as a user gets it ({@code -Dneurite.threads} or all
 * processors), and the pure backend as the "other" backend whose tensors it must refuse and can move to.
 * (A second Nd4jBackend would not do: ND4J's thread settings are process-wide, so creating one with another
 * thread count would change the first.)
 */
final class Nd4jTestBackends {
    private Nd4jTestBackends() {
    }

    static final Backend MAIN = Backends.get("nd4j");

    static final Backend OTHER = new PureBackend(1);
}
