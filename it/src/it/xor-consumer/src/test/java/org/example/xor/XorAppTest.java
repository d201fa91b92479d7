package org.example.xor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class XorAppTest {
    @Test
    void learnsXorOnTheBackendItsDependenciesBring() {
        XorApp.Result r = XorApp.trainAndPredict();
        assertEquals(System.getProperty("expected.backend"), r.backend(), "the backend discovery chose");
        assertArrayEquals(XorApp.LABELS, r.predicted(), "predictions after training");
    }
}
