package io.neurite.examples;

import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.data.Dataset;

/**
 * The interleaved-spirals toy data set (as in Stanford CS231n): {@code classes} arms of {@code perClass}
 * points in the plane; arm {@code c} has radius {@code r ∈ [0, 1]} and angle {@code 4c + 4r + 0.2·N(0, 1)}.
 * Not linearly separable, so a model needs hidden layers to fit it.
 */
public final class Spirals {
    private Spirals() {
    }

    /** {@code classes × perClass} seeded points with their arm as label. */
    public static Dataset generate(int classes, int perClass, long seed) {
        if (classes < 2 || perClass < 2) {
            throw new IllegalArgumentException("Spirals: need at least 2 classes and 2 points per class, got " + classes
                    + " and " + perClass);
        }
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
}
