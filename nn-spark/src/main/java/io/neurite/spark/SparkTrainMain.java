package io.neurite.spark;

import io.neurite.discovery.Backends;
import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit} entry point: trains an MLP on IDX image data (Fashion-MNIST by default file names) read by
 * the executors from any Hadoop path, prints every epoch and the test accuracy, and optionally saves the model.
 * See nn-spark/README.md for the command lines.
 */
@Command(name = "neurite-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP on IDX images (e.g. Fashion-MNIST) with Spark, data-parallel.")
public final class SparkTrainMain implements Callable<Integer> {
    /** The backends' worker-thread count (the pure backend reads it when it is created). */
    static final String THREADS_PROPERTY = "neurite.threads";
    @Option(names = "--data", paramLabel = "DIR", description = "A directory (any Hadoop path the executors can"
            + " read) with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,"
            + " t10k-labels-idx1-ubyte.gz.")
    String data;
    @Option(names = "--train-images", paramLabel = "PATH") String trainImages;
    @Option(names = "--train-labels", paramLabel = "PATH") String trainLabels;
    @Option(names = "--test-images", paramLabel = "PATH") String testImages;
    @Option(names = "--test-labels", paramLabel = "PATH") String testLabels;
    @Option(names = "--classes", defaultValue = "10", description = "Number of classes (default: ${DEFAULT-VALUE}).")
    int classes;
    @Option(names = "--partitions", paramLabel = "N", description = "Workers: partitions of the training data"
            + " (default: spark.default.parallelism, one per executor core).")
    Integer partitions;
    @Option(names = "--epochs", defaultValue = "15") int epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "Rows per local step per worker"
            + " (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--steps-per-round", defaultValue = "128", description = "Local steps between averagings"
            + " (default: ${DEFAULT-VALUE}, with the default warm-up: measured in docs/spark.md).")
    int stepsPerRound;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate, cosine-decayed to 0"
            + " over the training's global steps (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--warmup-epochs", paramLabel = "E", description = "Epochs over which the rate climbs linearly"
            + " to --lr before the cosine decay; 0 for none (default: 1, or 0 when training for one epoch).")
    Double warmupEpochs;
    @Option(names = "--hidden", split = ",", defaultValue = "256,128") List<Integer> hidden;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--sync", defaultValue = "AVERAGE", description = "AVERAGE or ALL_REDUCE (default: ${DEFAULT-VALUE}).")
    SparkTrainer.Sync sync;
    @Option(names = "--backend", defaultValue = "pure") String backend;
    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Write a checkpoint after every epoch to this"
            + " Hadoop directory (hdfs://, s3a://, file:/).")
    String checkpoint;
    @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint.")
    boolean resume;
    @Option(names = "--save", paramLabel = "PATH", description = "Save the trained model file (Hadoop path).")
    String save;
    @Option(names = "--single-machine", description = "For comparison: train the same model on the driver alone (no"
            + " Spark tasks), a plain loop with batches of batch-size x partitions and the same epochs, with the"
            + " single-machine CLI's optimizer (Adam, cosine decay from --lr, no warm-up);"
            + " run it with -Dneurite.threads=N to give the backend N threads.")
    boolean singleMachine;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkTrainMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (data == null && (trainImages == null || trainLabels == null || testImages == null || testLabels == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "give --data DIR, or all four of --train-images, --train-labels, --test-images, --test-labels");
        }
        double warmup = warmupEpochs != null ? warmupEpochs : epochs > 1 ? 1 : 0;
        if (!(warmup >= 0 && warmup < epochs)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--warmup-epochs is " + warmupEpochs
                    + " but must be at least 0 and below --epochs (" + epochs + ")");
        }
        String dir = data == null ? "" : data.endsWith("/") ? data : data + "/";
        String trI = trainImages != null ? trainImages : dir + "train-images-idx3-ubyte.gz";
        String trL = trainLabels != null ? trainLabels : dir + "train-labels-idx1-ubyte.gz";
        String teI = testImages != null ? testImages : dir + "t10k-images-idx3-ubyte.gz";
        String teL = testLabels != null ? testLabels : dir + "t10k-labels-idx1-ubyte.gz";

        if (!singleMachine && System.getProperty(THREADS_PROPERTY) == null) {
            // Each task slot runs one worker: on local[N] the executor is this JVM, and a backend with a thread per
            // core per task would put N x N threads on N cores. (--single-machine measures with -Dneurite.threads.)
            System.setProperty(THREADS_PROPERTY, "1");
        }
        SparkSession spark = SparkSession.builder().appName("neurite-spark").config(sparkConf()).getOrCreate();
        int workers = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
        Dataset<Row> train = IdxFrames.read(spark, trI, trL, workers);
        Dataset<Row> test = IdxFrames.read(spark, teI, teL, workers);
        int features = ((Vector) train.first().get(0)).size();

        Backend driverBackend = Backends.get(backend);
        List<Layer> layers = new ArrayList<>();
        int in = features;
        int seedOffset = 0;
        for (int h : hidden) {
            layers.add(new Dense(in, h, Initializer.heNormal(seed + seedOffset++)));
            layers.add(new ReLU());
            in = h;
        }
        layers.add(new Dense(in, classes, Initializer.xavierNormal(seed + seedOffset)));
        Sequential model = new Sequential(driverBackend, Shape.of(features), layers);
        System.out.println("master: " + spark.sparkContext().master() + ", " + workers + " workers (partitions),"
                + " backend " + backend + " on the executors");
        System.out.print(model.summary());
        double rate = lr;
        System.out.printf("training: Adam(%.1e, linear warm-up over %s epoch(s), then cosine decay to 0), %d epochs,"
                + " batch %d per worker (%d per global step), %s every %d local steps, seed %d%n", rate,
                new java.text.DecimalFormat("0.##").format(warmup), epochs,
                batchSize, batchSize * workers, sync, stepsPerRound, seed);

        SparkTrainer.Builder builder = SparkTrainer.builder(LossFactory.softmaxCrossEntropy(),
                        OptimizerFactory.adamWarmupCosine(rate, warmup / epochs))
                .epochs(epochs).batchSize(batchSize).stepsPerRound(stepsPerRound).seed(seed).backend(backend)
                .sync(sync).listener(new Consumer<EpochReport>() {
                    private long cpu = processCpuNanos();

                    @Override
                    public void accept(EpochReport r) {
                        // On local[N] the executors are this JVM, so this is the whole job's CPU time.
                        long now = processCpuNanos();
                        System.out.printf("%s, process CPU %.2f s%n", r, (now - cpu) / 1e9);
                        cpu = now;
                    }
                });
        if (checkpoint != null) {
            builder.checkpoint(checkpoint).resume(resume);
        }
        if (singleMachine) {
            SingleMachine.train(model, train.collectAsList(), batchSize * workers, epochs, rate, seed);
            long[] correct = accuracy(spark, test, ModelBytes.of(model), backend);
            System.out.printf("test accuracy: %.4f (%d of %d correct)%n", (double) correct[0] / correct[1], correct[0],
                    correct[1]);
            spark.stop();
            return 0;
        }
        long t0 = System.nanoTime();
        List<EpochReport> reports = builder.build().fit(model, train, "features", "label");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long samples = reports.stream().mapToLong(EpochReport::samples).sum();
        double compute = reports.stream().mapToDouble(EpochReport::computeSeconds).sum();
        double epochSeconds = reports.stream().mapToDouble(EpochReport::seconds).sum();
        System.out.printf("training: %.1f s (%.0f samples/s over the epochs), synchronisation %.0f %% of the epochs'"
                + " time%n", seconds, samples / epochSeconds, 100 * Math.max(0, 1 - compute / epochSeconds));

        long[] correct = accuracy(spark, test, ModelBytes.of(model), backend);
        System.out.printf("test accuracy: %.4f (%d of %d correct)%n", (double) correct[0] / correct[1], correct[0],
                correct[1]);
        if (save != null) {
            Path path = new Path(save);
            try (OutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
                out.write(ModelBytes.of(model));
            }
            System.out.println("wrote the model file to " + save);
        }
        spark.stop();
        return 0;
    }

    /**
     * Spark's configuration from spark-submit (its {@code --conf} arrive as system properties), with two defaults
     * of this job's own where spark-submit sets none, both measured to save time in every round (docs/spark.md):
     * a worker's result (its weights and optimizer state: 2.8 MB for the MLP) goes straight back in the task's
     * status message instead of through the block manager, which Spark does only below 1 MB by default; and the
     * weights' broadcast is not compressed, because float weights hardly compress.
     */
    static SparkConf sparkConf() {
        return new SparkConf()
                .setIfMissing("spark.task.maxDirectResultSize", "64m")
                .setIfMissing("spark.broadcast.compress", "false");
    }

    /**
     * CPU time of this JVM so far, all threads (what a loaded machine has to share out, unlike wall time);
     * -1 where the JVM cannot tell.
     */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** Correct predictions and rows of {@code test}, counted on the executors in batches of 512. */
    static long[] accuracy(SparkSession spark, Dataset<Row> test, byte[] modelFile, String backend) {
        Broadcast<byte[]> bc = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(modelFile);
        List<long[]> counts = test.javaRDD().mapPartitions(rows -> {
            Sequential m = ModelBytes.read(bc.value(), Backends.get(backend)).model();
            int features = m.inputShape().size();
            long[] c = new long[2];
            List<Row> batch = new ArrayList<>();
            while (rows.hasNext() || !batch.isEmpty()) {
                if (rows.hasNext() && batch.size() < 512) {
                    batch.add(rows.next());
                    continue;
                }
                float[] x = new float[batch.size() * features];
                for (int i = 0; i < batch.size(); i++) {
                    Vector v = (Vector) batch.get(i).get(0);
                    for (int j = 0; j < features; j++) {
                        x[i * features + j] = (float) v.apply(j);
                    }
                }
                Tensor logits = m.predict(m.backend().of(x, Shape.of(batch.size(), features)));
                int[] predicted = logits.argmaxRows();
                for (int i = 0; i < batch.size(); i++) {
                    c[0] += predicted[i] == (int) batch.get(i).getDouble(1) ? 1 : 0;
                }
                c[1] += batch.size();
                batch.clear();
            }
            return Collections.singletonList(c).iterator();
        }).collect();
        bc.destroy();
        long[] total = new long[2];
        for (long[] c : counts) {
            total[0] += c[0];
            total[1] += c[1];
        }
        return total;
    }
}
