package io.neurite.spark;

import java.util.SplittableRandom;

/**
 * The order a worker visits its partition's rows in an epoch: a Fisher-Yates permutation seeded by the
 * training seed, the epoch and the partition, so every epoch of every partition can be replayed exactly (a
 * retried task, a resumed training) without any state carried between rounds.
 */
final class Shuffle {
    private Shuffle() {
    }

    static int[] permutation(int n, long seed, int epoch, int partition) {
        SplittableRandom random = new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (epoch + 1)) + partition));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Stafford's variant 13 of the SplitMix64 finalizer: nearby inputs give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
