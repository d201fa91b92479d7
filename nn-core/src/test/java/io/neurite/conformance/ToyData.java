package io.neurite.conformance;

import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.data.Dataset;

/** Small seeded classification problems for the learning tests. */
final class ToyData {
    private ToyData() {
    }

    /**
     * {@code classes} interleaved spiral arms of {@code perClass} points each (the CS231n data set): arm
     * {@code c} has radius {@code r ∈ [0, 1]} and angle {@code 4c + 4r + 0.2·N(0, 1)}.
     */
    static Dataset spirals(int classes, int perClass, long seed) {
        SeededRandom random = new SeededRandom(seed);
        float[] noise = random.normal(classes * perClass, 0f, 0.2f);
        float[] x = new float[classes * perClass * 2];
        int[] labels = new int[classes * perClass];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int k = c * perClass + i;
                double r = (double) i / (perClass - 1);
                double t = 4.0 * c + 4.0 * r + noise[k];
                x[2 * k] = (float) (r * Math.sin(t));
                x[2 * k + 1] = (float) (r * Math.cos(t));
                labels[k] = c;
            }
        }
        return Dataset.classification(x, Shape.of(2), labels, classes);
    }

    /** The four XOR points, targets {@code [4, 1]} in {0, 1}. */
    static Dataset xor() {
        return Dataset.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, Shape.of(2), new float[] {0, 1, 1, 0}, Shape.of(1));
    }
}
