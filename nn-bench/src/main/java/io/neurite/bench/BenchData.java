package io.neurite.bench;

import io.neurite.data.OneHot;
import io.neurite.tensor.SeededRandom;

/**
 * Seeded inputs, identical for every competitor: the same floats go into Neurite, ND4J and DL4J, so
 * they all multiply the same numbers (denormals or NaN in one input could otherwise skew one backend).
 */
public final class BenchData {
    private BenchData() {
    }

    /** {@code n} floats uniform in {@code [-1, 1)}. */
    public static float[] uniform(int n, long seed) {
        return new SeededRandom(seed).uniform(n, -1f, 1f);
    }

    /** A {@code [batch, classes]} one-hot matrix (row-major) of seeded labels. */
    public static float[] oneHot(int batch, int classes, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(classes);
        }
        float[] out = new float[batch * classes];
        OneHot.encode("BenchData.oneHot", labels, batch, classes, out);
        return out;
    }

    /** {@code n} floats uniform in {@code [0, 1)}, like scaled pixel values. */
    public static float[] pixels(int n, long seed) {
        return new SeededRandom(seed).uniform(n, 0f, 1f);
    }
}
