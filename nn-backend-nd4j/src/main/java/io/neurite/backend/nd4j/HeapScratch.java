package io.neurite.backend.nd4j;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Per-thread reusable memory for the kernels that work on Java-heap copies of native tensors (convolution,
 * pooling, normalisation): a few growable {@code float[]} slots and one native buffer, kept between calls so
 * that a training step allocates nothing once its sizes have been seen. One per thread, because inference may
 * run on many threads at once.
 */
final class HeapScratch {
    private static final ThreadLocal<HeapScratch> SCRATCH = ThreadLocal.withInitial(HeapScratch::new);

    private final float[][] slots = new float[9][0];
    private FloatPointer nativeBuffer = new FloatPointer(0L);
    private long nativeCapacity;

    static HeapScratch get() {
        return SCRATCH.get();
    }

    /** Slot {@code i} with room for at least {@code n} floats (contents undefined). */
    float[] slot(int i, int n) {
        if (slots[i].length < n) {
            slots[i] = new float[n];
        }
        return slots[i];
    }

    /** A native buffer of at least {@code n} floats at position 0 (contents undefined). */
    FloatPointer nativeBuffer(long n) {
        if (nativeCapacity < n) {
            nativeBuffer.close();
            nativeBuffer = new FloatPointer(n);
            nativeCapacity = n;
        }
        return nativeBuffer;
    }

    /** The elements of {@code t} copied into slot {@code i}. */
    float[] copyOf(int i, Nd4jTensor t) {
        float[] a = slot(i, t.size());
        t.pointer().get(a, 0, t.size());
        return a;
    }

    /** Writes {@code a[0 .. t.size())} into {@code t}. */
    static void copyInto(float[] a, Nd4jTensor t) {
        t.pointer().put(a, 0, t.size());
    }
}
