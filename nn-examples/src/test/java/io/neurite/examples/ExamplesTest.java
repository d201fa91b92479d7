package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.backend.pure.PureBackend;
import io.neurite.tensor.Backend;
import org.junit.jupiter.api.Test;

/** The examples reach what their documentation promises, on the pure backend. */
class ExamplesTest {
    private static final Backend BACKEND = new PureBackend(2);

    @Test
    void xorIsLearnedCompletely() {
        XorExample.Result r = XorExample.run(BACKEND);
        assertEquals(1.0, r.accuracy());
        assertTrue(r.probabilities()[0] < 0.1 && r.probabilities()[1] > 0.9 && r.probabilities()[2] > 0.9
                && r.probabilities()[3] < 0.1, java.util.Arrays.toString(r.probabilities()));
    }

    @Test
    void spiralsAreSeparated() {
        SpiralExample.Result r = SpiralExample.run(BACKEND);
        assertTrue(r.trainAccuracy() >= 0.95, "training accuracy " + r.trainAccuracy());
        assertTrue(r.heldOutAccuracy() >= 0.85, "held-out accuracy " + r.heldOutAccuracy());
    }
}
