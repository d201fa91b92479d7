package io.neurite.bench;

import io.neurite.tensor.Backend;

/** Placeholder until io.neurite.nn (Sequential, Dense) and io.neurite.optim.Adam are on main. */
final class NeuriteTrainingStep implements TrainingStep {
    NeuriteTrainingStep(Backend backend, int batch) {
        throw new UnsupportedOperationException("TrainingStepBenchmark on a Neurite backend needs io.neurite.nn");
    }

    @Override
    public Object step() {
        throw new UnsupportedOperationException();
    }
}
