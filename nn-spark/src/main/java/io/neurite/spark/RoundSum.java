package io.neurite.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The sample-weighted sum of the workers' weights and optimizer state after a round, built by
 * {@code treeAggregate}: a worker that processed {@code n} samples counts {@code n} times, so a worker with an
 * empty (or exhausted) partition counts zero times and neither hangs the round nor pulls the average towards
 * the round's starting point. One worker's contribution travels as floats (its own values); sums of two or
 * more are doubles.
 */
final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sample count and loss of the contributions so far. */
    long samples;
    double lossSum;
    int steps;
    int workers;
    /** Largest time a worker spent in its local steps, and the sum (nanoseconds). */
    long maxComputeNanos;
    long computeNanos;
    long setupNanos;
    String[] stateKeys;
    /** Exactly one contribution, kept as the worker's floats ({@code samples} is its weight). */
    private float[] single;
    /** Two or more contributions: the weighted sum. */
    private double[] sum;

    static RoundSum empty() {
        return new RoundSum();
    }

    /** One worker's values (weights then state) after {@code samples} samples in {@code steps} steps. */
    static RoundSum of(float[] values, String[] stateKeys, long samples, int steps, double lossSum,
                       long computeNanos, long setupNanos) {
        RoundSum r = new RoundSum();
        if (samples > 0) {
            r.single = values;
            r.stateKeys = stateKeys;
            r.samples = samples;
            r.steps = steps;
            r.lossSum = lossSum;
            r.workers = 1;
        }
        r.maxComputeNanos = computeNanos;
        r.computeNanos = computeNanos;
        r.setupNanos = setupNanos;
        return r;
    }

    /** Adds {@code other} into this one (or returns {@code other} when this is empty). */
    RoundSum merge(RoundSum other) {
        maxComputeNanos = Math.max(maxComputeNanos, other.maxComputeNanos);
        computeNanos += other.computeNanos;
        setupNanos += other.setupNanos;
        if (other.samples == 0) {
            return this;
        }
        if (samples == 0) {
            other.maxComputeNanos = maxComputeNanos;
            other.computeNanos = computeNanos;
            other.setupNanos = setupNanos;
            return other;
        }
        if (!Arrays.equals(stateKeys, other.stateKeys)) {
            throw new IllegalStateException("workers returned different optimizer state entries: "
                    + Arrays.toString(stateKeys) + " and " + Arrays.toString(other.stateKeys));
        }
        double[] acc = weightedSum();
        other.addInto(acc);
        single = null;
        sum = acc;
        samples += other.samples;
        lossSum += other.lossSum;
        steps = Math.max(steps, other.steps);
        workers += other.workers;
        return this;
    }

    private double[] weightedSum() {
        if (sum != null) {
            return sum;
        }
        double[] acc = new double[single.length];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = (double) single[i] * samples;
        }
        return acc;
    }

    private void addInto(double[] acc) {
        if (acc.length != (sum != null ? sum.length : single.length)) {
            throw new IllegalStateException("workers returned " + acc.length + " and "
                    + (sum != null ? sum.length : single.length) + " values; they must train the same model");
        }
        if (sum != null) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += sum[i];
            }
        } else {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += (double) single[i] * samples;
            }
        }
    }

    /** The sample-weighted mean of the contributions, as floats; requires {@code samples > 0}. */
    float[] mean() {
        if (samples == 0) {
            throw new IllegalStateException("no worker processed a sample in this round");
        }
        if (single != null) {
            return single.clone();
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (sum[i] / samples);
        }
        return mean;
    }
}
