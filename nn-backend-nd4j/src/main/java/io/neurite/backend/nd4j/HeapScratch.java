package io.neurite.backend.nd4j;

import io.neurite.kernel.NormalizationLoops;
import io.neurite.kernel.PoolingLoops;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Shape;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Per-thread reusable memory for the kernels that work on Java-heap copies of native tensors (convolution,
 * pooling, normalisation): a few growable {@code float[]} slots, one native buffer, a pointer that can be aimed
 * into any tensor, and the loop objects of the last few shapes, kept between calls so that a training step
 * allocates nothing once its sizes have been seen. One per thread, because inference may run on many threads
 * at once.
 */
final class HeapScratch {
    private static final ThreadLocal<HeapScratch> SCRATCH = ThreadLocal.withInitial(HeapScratch::new);
    /** Loop objects kept per kind: a network has a few pooling and normalisation shapes (the CNN has two). */
    private static final int SHAPES = 4;

    private final float[][] slots = new float[9][0];
    private FloatPointer nativeBuffer = new FloatPointer(0L);
    private long nativeCapacity;
    private final Cursor cursor = new Cursor();

    private final PoolingLoops[] pooling = new PoolingLoops[SHAPES];
    private final Shape[] poolingIn = new Shape[SHAPES];
    private final Shape[] poolingOut = new Shape[SHAPES];
    private final Window2d[] poolingWindow = new Window2d[SHAPES];
    private int poolingNext;
    private final NormalizationLoops[] normalization = new NormalizationLoops[SHAPES];
    private final Shape[] normalizationShape = new Shape[SHAPES];
    private int normalizationNext;

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

    /**
     * This thread's pointer aimed at element {@code offset} of {@code t}: what {@code new FloatPointer(t.pointer())
     * .position(offset)} gives, without the object. The tensor's own pointer is never moved, since other threads
     * may be reading through it. Valid until the next call on this thread.
     */
    FloatPointer cursor(Nd4jTensor t, long offset) {
        return cursor.aim(t.pointer(), offset);
    }

    /** The pooling loops of these shapes and window, made once per shape while it stays among the last few. */
    PoolingLoops poolingLoops(Shape in, Shape out, Window2d window) {
        for (int i = 0; i < SHAPES; i++) {
            if (pooling[i] != null && in.equals(poolingIn[i]) && out.equals(poolingOut[i])
                    && window.equals(poolingWindow[i])) {
                return pooling[i];
            }
        }
        int i = poolingNext;
        poolingNext = (i + 1) % SHAPES;
        pooling[i] = new PoolingLoops(in, out, window);
        poolingIn[i] = in;
        poolingOut[i] = out;
        poolingWindow[i] = window;
        return pooling[i];
    }

    /** The normalisation loops of input shape {@code x}, made once per shape while it stays among the last few. */
    NormalizationLoops normalizationLoops(Shape x) {
        for (int i = 0; i < SHAPES; i++) {
            if (normalization[i] != null && x.equals(normalizationShape[i])) {
                return normalization[i];
            }
        }
        int i = normalizationNext;
        normalizationNext = (i + 1) % SHAPES;
        normalization[i] = new NormalizationLoops(x);
        normalizationShape[i] = x;
        return normalization[i];
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

    /**
     * A FloatPointer that is re-aimed instead of re-created. JavaCPP passes a pointer to native code as its
     * {@code address} plus {@code position} elements; those fields are protected, so a subclass may set them.
     * It owns nothing (no deallocator): the memory belongs to the tensor it is aimed at.
     */
    private static final class Cursor extends FloatPointer {
        Cursor() {
            super((Pointer) null);
        }

        FloatPointer aim(FloatPointer base, long offset) {
            address = base.address();
            capacity = base.capacity();
            limit = base.limit();
            position = offset;
            return this;
        }
    }
}
