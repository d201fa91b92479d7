package io.neurite.data.source;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The content of one unsigned-byte IDX file as read by {@link IdxReader}: its dimensions (the first is
 * the number of items) and its elements in row-major order. Immutable from the outside: accessors copy.
 */
public final class IdxData {
    private final Path file;
    private final int[] dims;
    private final byte[] data;

    IdxData(Path file, int[] dims, byte[] data) {
        this.file = file;
        this.dims = dims;
        this.data = data;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** A copy of the declared dimensions, e.g. {@code [60000, 28, 28]}. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The first dimension: number of images or labels. */
    public int count() {
        return dims[0];
    }

    /** The dimensions after the first, e.g. {@code [28, 28]}; empty for a rank-1 (labels) file. */
    public int[] itemShape() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    /** Elements per item: the product of {@link #itemShape()} (1 for labels). */
    public int itemSize() {
        return data.length / dims[0];
    }

    /** Element {@code index} in row-major order, as an unsigned value 0..255. */
    public int get(int index) {
        return data[index] & 0xFF;
    }

    /** Total number of elements. */
    public int size() {
        return data.length;
    }

    /** The items as float rows holding the raw values 0..255 (no scaling). */
    public float[][] toFloatRows() {
        int n = count();
        int width = itemSize();
        float[][] rows = new float[n][width];
        for (int i = 0, k = 0; i < n; i++) {
            float[] row = rows[i];
            for (int j = 0; j < width; j++, k++) {
                row[j] = data[k] & 0xFF;
            }
        }
        return rows;
    }

    /** All elements, row-major, as floats holding the raw values 0..255 (no scaling): one array for all items. */
    public float[] toFloatArray() {
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] & 0xFF;
        }
        return out;
    }

    /** The elements as ints 0..255 (for a labels file: the labels). */
    public int[] toIntArray() {
        int[] out = new int[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] & 0xFF;
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxData[" + file + ", dims " + Arrays.toString(dims) + "]";
    }
}
