package io.neurite.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * One partition's training rows as flat arrays, built once on its executor and cached there: features
 * row-major ({@code rows * features} floats) and integer labels. A row whose label is not a class index is
 * not kept but counted, and the first one is remembered so that the driver can name it.
 */
final class PartitionData implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final int features;
    final float[] x;
    final int[] labels;
    /** Rows read, including those with a bad label. */
    final long seen;
    /** Offset in this partition of the first row with a bad label, or -1. */
    final long firstBadRow;
    /** That row's label (NaN when it was null). */
    final double firstBadLabel;
    /** Offset in this partition of the first row whose features are not a vector of the model's size, or -1. */
    final long firstBadVectorRow;
    /** That row's vector length (-1 when it was null). */
    final int firstBadVectorSize;

    private PartitionData(int partition, int rows, int features, float[] x, int[] labels, long seen,
                          long firstBadRow, double firstBadLabel, long firstBadVectorRow, int firstBadVectorSize) {
        this.partition = partition;
        this.seen = seen;
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.labels = labels;
        this.firstBadRow = firstBadRow;
        this.firstBadLabel = firstBadLabel;
        this.firstBadVectorRow = firstBadVectorRow;
        this.firstBadVectorSize = firstBadVectorSize;
    }

    /**
     * Reads rows of ({@code features vector, label}) at column positions 0 and 1. A row whose vector has another
     * length (or is null), or whose label is not a class, is not kept but counted, and the first of each is
     * remembered: the driver names them (a task that threw instead would be retried by Spark for nothing, and
     * its error would reach the user wrapped in Spark's).
     */
    static PartitionData fromRows(int partition, Iterator<Row> it, int features, int classes) {
        float[] x = new float[Math.max(features, 1) * 64];
        int[] labels = new int[64];
        int n = 0;
        long offset = 0;
        long firstBad = -1;
        double firstBadLabel = Double.NaN;
        long firstBadVector = -1;
        int firstBadVectorSize = 0;
        while (it.hasNext()) {
            Row row = it.next();
            long rowOffset = offset++;
            Vector v = row.isNullAt(0) ? null : (Vector) row.get(0);
            if (v == null || v.size() != features) {
                if (firstBadVector < 0) {
                    firstBadVector = rowOffset;
                    firstBadVectorSize = v == null ? -1 : v.size();
                }
                continue;
            }
            double label = row.isNullAt(1) ? Double.NaN : ((Number) row.get(1)).doubleValue();
            int cls = (int) label;
            if (!(label >= 0 && label < classes && cls == label)) {
                if (firstBad < 0) {
                    firstBad = rowOffset;
                    firstBadLabel = label;
                }
                continue;
            }
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, n * 2);
                x = Arrays.copyOf(x, labels.length * features);
            }
            int base = n * features;
            for (int i = 0; i < features; i++) {
                x[base + i] = (float) v.apply(i);
            }
            labels[n++] = cls;
        }
        return new PartitionData(partition, n, features, Arrays.copyOf(x, n * features), Arrays.copyOf(labels, n),
                offset, firstBad, firstBadLabel, firstBadVector, firstBadVectorSize);
    }

    /** What the driver needs to plan the training and to report a bad row. */
    Summary summary() {
        return new Summary(partition, rows, seen, firstBadRow, firstBadLabel, firstBadVectorRow, firstBadVectorSize);
    }

    /** A partition's counts; the driver turns the bad rows' offsets into row numbers of the whole data set. */
    record Summary(int partition, int rows, long seen, long firstBadRow, double firstBadLabel,
                   long firstBadVectorRow, int firstBadVectorSize) implements Serializable {
    }
}
