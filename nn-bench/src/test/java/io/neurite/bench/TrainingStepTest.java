package io.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmarked training steps train: on one fixed batch, the loss must fall well below its starting
 * value (about ln 10 = 2.3 for ten classes) within a few dozen Adam steps, for Neurite and for DL4J alike,
 * so the benchmark compares two networks that both really learn.
 */
class TrainingStepTest {

    @ParameterizedTest
    @ValueSource(strings = {"pure", "dl4j"})
    void lossFallsOnAFixedBatch(String backend) {
        TrainingStep step = TrainingStep.create(backend, 1, 32);
        double first = step.step();
        double last = first;
        for (int i = 0; i < 60; i++) {
            last = step.step();
        }
        assertTrue(first > 1.5 && first < 5, backend + ": first loss " + first + " is not that of an untrained classifier");
        assertTrue(last < 0.5 * first, backend + ": loss went from " + first + " to only " + last + " in 60 steps");
    }
}
