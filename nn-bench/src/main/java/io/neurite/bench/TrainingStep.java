package io.neurite.bench;

/**
 * One training step of the MLP 784-256-128-10 (ReLU hidden layers, softmax cross-entropy, Adam with
 * learning rate 1e-3) on one fixed batch, with everything allocated once: forward, loss, backward and the
 * parameter update. Implementations: {@link NeuriteTrainingStep} for a Neurite backend and
 * {@link Dl4jTrainingStep} for the same network in DeepLearning4j.
 */
interface TrainingStep {
    int INPUTS = 784;
    int HIDDEN1 = 256;
    int HIDDEN2 = 128;
    int CLASSES = 10;
    double LEARNING_RATE = 1e-3;

    /** Runs one step and returns its loss (a primitive, so that returning it to JMH allocates nothing). */
    double step();

    /** The step for a benchmark's {@code backend} value: a Neurite backend name, or {@code dl4j}. */
    static TrainingStep create(String backend, int threads, int batch) {
        if (Dl4jTrainingStep.NAME.equals(backend)) {
            return new Dl4jTrainingStep(threads, batch);
        }
        return new NeuriteTrainingStep(BenchSetup.neurite(backend, threads), batch);
    }
}
