package io.neurite.spark;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * An IDX image file and its label file (gzipped or not, on any Hadoop {@code FileSystem}) as a DataFrame of
 * {@code features} (pixels scaled to 0..1) and {@code label}, read by the executors: partition i of n reads
 * rows {@code [i*rows/n, (i+1)*rows/n)}, so the driver only reads the two headers. A gzipped file is not
 * seekable, so each partition decompresses up to its rows (Fashion-MNIST's 26 MB take well under a second).
 */
final class IdxFrames {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFrames() {
    }

    static Dataset<Row> read(SparkSession spark, String images, String labels, int partitions) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        int[] head = header(images, conf, IMAGES_MAGIC, 3);
        int[] labelHead = header(labels, conf, LABELS_MAGIC, 1);
        int rows = head[0];
        if (labelHead[0] != rows) {
            throw new IllegalArgumentException(images + " holds " + rows + " images but " + labels + " "
                    + labelHead[0] + " labels; give the label file that belongs to the images");
        }
        int pixels = head[1] * head[2];
        SerializableConfiguration sconf = new SerializableConfiguration(conf);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> parts = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
        JavaRDD<Row> data = jsc.parallelize(parts, partitions).mapPartitions(it -> {
            int part = it.next();
            long from = (long) part * rows / partitions;
            long to = (long) (part + 1) * rows / partitions;
            List<Row> out = new ArrayList<>((int) (to - from));
            try (DataInputStream img = open(images, sconf.value()); DataInputStream lab = open(labels, sconf.value())) {
                img.skipNBytes(16 + from * pixels);
                lab.skipNBytes(8 + from);
                byte[] buf = new byte[pixels];
                for (long r = from; r < to; r++) {
                    img.readFully(buf);
                    double[] f = new double[pixels];
                    for (int i = 0; i < pixels; i++) {
                        f[i] = (buf[i] & 0xFF) / 255.0;
                    }
                    out.add(RowFactory.create(Vectors.dense(f), (double) lab.readUnsignedByte()));
                }
            }
            return out.iterator();
        });
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(data, schema);
    }

    /** The dimensions after the magic number, checked against {@code magic} and {@code rank}. */
    private static int[] header(String file, Configuration conf, int magic, int rank) {
        try (DataInputStream in = open(file, conf)) {
            int m = in.readInt();
            if (m != magic) {
                throw new IllegalArgumentException(file + " is not an IDX file of unsigned bytes of rank " + rank
                        + " (magic 0x" + Integer.toHexString(m) + ", expected 0x" + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
            }
            return dims;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    static DataInputStream open(String file, Configuration conf) throws IOException {
        Path path = new Path(file);
        InputStream raw = path.getFileSystem(conf).open(path);
        InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }
}
