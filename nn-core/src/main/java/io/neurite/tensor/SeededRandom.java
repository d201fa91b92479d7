package io.neurite.tensor;

/**
 * Deterministic random numbers from an explicit seed, identical on every JVM and backend: SplitMix64 (Steele,
 * Lea &amp; Flood 2014, "Fast splittable pseudorandom number generators") for uniforms — the algorithm
 * {@link java.util.SplittableRandom} specifies, written out here so that the generator's position can be read
 * and restored ({@link #state()}, {@link #atState}) — and Box–Muller for normals, rather than
 * {@code nextGaussian}, whose algorithm is not part of its contract.
 *
 * <p>{@code new SeededRandom(seed)} draws exactly what {@code new SplittableRandom(seed)} draws with
 * {@code nextDouble()} and {@code nextInt(bound)} (a test holds it to that), so sequences are those of the
 * earlier versions that used SplittableRandom itself.
 */
public final class SeededRandom {
    /** SplittableRandom's GOLDEN_GAMMA: the odd constant 2^64 / phi, the default increment. */
    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * A generator at the position {@code state} that {@link #state()} returned: it draws what that generator
     * would have drawn next.
     */
    public static SeededRandom atState(long state) {
        return new SeededRandom(state);
    }

    /** The generator's position: everything needed to continue its sequence (see {@link #atState}). */
    public long state() {
        return state;
    }

    /** Moves this generator to a position {@link #state()} returned. */
    public void restoreState(long state) {
        this.state = state;
    }

    private long nextSeed() {
        return state += GAMMA;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    /** Uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return (mix64(nextSeed()) >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform integer in {@code [0, bound)}; {@code bound > 0}. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("SeededRandom.nextInt: bound must be positive but is " + bound);
        }
        // SplittableRandom's bounded draw: a mask for powers of two, otherwise rejection of the biased top range.
        int r = mix32(nextSeed());
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = mix32(nextSeed()) >>> 1) {
            // redraw
        }
        return r;
    }

    /** {@code n} floats uniform in {@code [low, high)}. */
    public float[] uniform(int n, float low, float high) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (low + (high - low) * nextDouble());
        }
        return out;
    }

    /** {@code n} normally distributed floats. */
    public float[] normal(int n, float mean, float std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
            double u2 = nextDouble();
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
            int j = nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
