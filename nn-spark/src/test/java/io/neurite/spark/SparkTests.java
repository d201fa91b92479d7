package io.neurite.spark;

import io.neurite.discovery.Backends;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Shared pieces of the Spark tests: one local session per JVM, a synthetic data set, a model, a plain loop. */
final class SparkTests {
    static final int FEATURES = 20;
    static final int CLASSES = 5;

    private static SparkSession session;

    private SparkTests() {
    }

    /** Makes {@link #spark()} return {@code other} (a session the caller started), or start afresh after null. */
    static synchronized void use(SparkSession other) {
        session = other;
    }

    /**
     * {@code local[2,2]}: two task threads, and a task may fail once and be retried (plain {@code local[2]}
     * gives up at the first failure). No UI, no progress bar.
     */
    static synchronized SparkSession spark() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder().master("local[2,2]").appName("nn-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "localhost")
                    .getOrCreate();
        }
        return session;
    }

    /**
     * Gaussian blobs: {@code n} samples of {@link #FEATURES} features around one of {@link #CLASSES} random
     * centres, overlapping enough that a classifier reaches about 90 %, not 100 %. Row i: features then label.
     */
    static float[][] blobs(int n, long seed) {
        SplittableRandom centres = new SplittableRandom(99);
        double[][] c = new double[CLASSES][FEATURES];
        for (double[] row : c) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = centres.nextDouble(-1, 1);
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][FEATURES + 1];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                double u1 = r.nextDouble();
                double u2 = r.nextDouble();
                double gauss = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                out[i][j] = (float) (c[label][j] + 1.1 * gauss);
            }
            out[i][FEATURES] = label;
        }
        return out;
    }

    static StructType schema() {
        return new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    }

    /** The rows as a DataFrame of exactly {@code partitions} partitions, in order (so runs are repeatable). */
    static Dataset<Row> frame(float[][] data, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (float[] d : data) {
            double[] f = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                f[j] = d[j];
            }
            rows.add(RowFactory.create(Vectors.dense(f), (double) d[FEATURES]));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        return spark().createDataFrame(jsc.parallelize(rows, partitions), schema());
    }

    static Sequential model(long seed) {
        return Sequential.of(backend(), Shape.of(FEATURES), new Dense(FEATURES, 32, Initializer.heNormal(seed)),
                new ReLU(), new Dense(32, CLASSES, Initializer.xavierNormal(seed + 1)));
    }

    static Backend backend() {
        return Backends.get("pure");
    }

    static float[] weights(Sequential model) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Parameter p : model.parameters()) {
            float[] v = p.value().toFloatArray();
            parts.add(v);
            n += v.length;
        }
        float[] out = new float[n];
        int offset = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /** Held-out accuracy of {@code model} on {@code data}. */
    static double accuracy(Sequential model, float[][] data) {
        float[] x = new float[data.length * FEATURES];
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            System.arraycopy(data[i], 0, x, i * FEATURES, FEATURES);
            labels[i] = (int) data[i][FEATURES];
        }
        Tensor logits = model.predict(model.backend().of(x, Shape.of(data.length, FEATURES)));
        return new SoftmaxCrossEntropy().accuracy(logits, labels);
    }

    /** Single-machine training, the plain loop: shuffled mini-batches of {@code batch}, one optimizer. */
    static void trainLocally(Sequential model, float[][] data, Optimizer optimizer, int epochs, int batch) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        SplittableRandom r = new SplittableRandom(5);
        int[] order = new int[data.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from + batch <= data.length; from += batch) {
                float[] x = new float[batch * FEATURES];
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) {
                    System.arraycopy(data[order[from + i]], 0, x, i * FEATURES, FEATURES);
                    labels[i] = (int) data[order[from + i]][FEATURES];
                }
                Tensor grad = model.backend().zeros(batch, CLASSES);
                model.zeroGrad();
                Tensor logits = model.forward(model.backend().of(x, Shape.of(batch, FEATURES)), true);
                loss.lossAndGradient(logits, labels, grad);
                model.backward(grad, false);
                optimizer.step(model.parameters());
            }
        }
    }
}
