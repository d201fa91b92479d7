package io.neurite.tensor;

import java.util.SplittableRandom;

/**
 * Deterministic random numbers from an explicit seed, identical on every JVM and backend: SplitMix64
 * ({@link SplittableRandom}, whose algorithm is specified) for uniforms and Box–Muller for normals, rather
 * than {@code nextGaussian}, whose algorithm is not part of its contract.
 */
public final class SeededRandom {
    private final SplittableRandom random;

    public SeededRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform integer in {@code [0, bound)}. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** {@code n} floats uniform in {@code [low, high)}. */
    public float[] uniform(int n, float low, float high) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return out;
    }

    /** {@code n} normally distributed floats. */
    public float[] normal(int n, float mean, float std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (mean + std * r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                out[i + 1] = (float) (mean + std * r * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    /** A seeded Fisher–Yates permutation of {@code 0 .. n-1}, written into {@code order}. */
    public void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
