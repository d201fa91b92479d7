package io.neurite.spark;

import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel training of a {@link Sequential} on the partitions of a Spark DataFrame.
 *
 * <h2>The design: parameter averaging every k local steps (default)</h2>
 * Each partition is one worker. A <em>round</em> is one Spark job: the driver broadcasts the weights and the
 * optimizer state; every worker starts from them, takes {@code stepsPerRound} optimizer steps on batches of its
 * own partition, and returns its weights and optimizer state; {@code treeAggregate} sums them weighted by the
 * samples each worker saw, and the driver ends the round with their mean: one set of weights. This is DL4J's
 * {@code ParameterAveragingTrainingMaster} and "local SGD" in the literature (Lin et al. 2018, "Don't use large
 * mini-batches, use local SGD"): k local steps amortise one synchronisation, which on Spark costs a job
 * (tens of milliseconds) plus two transfers of the model. The measured alternative, {@link Sync#ALL_REDUCE},
 * all-reduces the gradient at every step inside one barrier stage; docs/spark.md compares the two.
 *
 * <p>The rows are decoded once per {@code fit} and cached on the executors; a round's job runs over an RDD of
 * the partition indices whose tasks read those cached rows ({@link CachedPartitions}), so no round re-reads the
 * data or ships the DataFrame's lineage, and a round whose rows are gone recomputes them from the data.
 *
 * <h2>Optimizer state: averaged with the weights</h2>
 * Adam's moments (SGD's momentum, ...) are per-worker after k local steps. They are averaged with the same
 * sample weights as the weights and broadcast back, so every worker starts every round from the same state, as
 * it starts from the same weights; the step counter is the global one. Keeping the state on the driver would
 * need the gradients on the driver at every step (that is the all-reduce design); resetting it every round would
 * throw away Adam's second-moment estimate, the reason for using Adam. DL4J averages updater state for the same
 * reason.
 *
 * <h2>Global steps</h2>
 * A global step is one step of every worker at once. An epoch is {@code ceil(largest partition / batchSize)}
 * global steps (a smaller partition runs out earlier and then counts zero times in the average), the optimizer's
 * counter and therefore its learning-rate schedule advance by global steps, and the {@link OptimizerFactory} is
 * told the training's total so a decay can be sized for it.
 *
 * <h2>Determinism and faults</h2>
 * A worker's round depends only on the broadcast and its partition (its batches come from a permutation seeded
 * by the seed, the epoch and the partition), so a task that Spark retries returns exactly what the failed attempt
 * would have, and the same seed and partitioning give the same weights. With checkpoints, every epoch ends with
 * a Neurite model file in a Hadoop {@code FileSystem} directory; {@link Builder#resume} continues from the newest
 * one with the weights, optimizer state and global step it saved.
 *
 * <p>Not thread-safe: one {@code fit} at a time per trainer.
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);
    /** Metadata keys of a checkpoint. */
    static final String META_EPOCHS = "spark.epochsDone";
    static final String META_STEP = "spark.globalStep";
    static final String META_PLAN = "spark.plan";

    /** How the workers synchronise. */
    public enum Sync {
        /** Average weights and optimizer state every {@code stepsPerRound} local steps (a Spark job per round). */
        AVERAGE,
        /**
         * All-reduce the gradients at every step through {@code BarrierTaskContext.allGather} (a barrier stage per
         * round): synchronous SGD with one global batch of (workers x batchSize); every worker applies the same
         * update, so weights and optimizer state stay identical without being averaged. Needs every partition
         * scheduled at once (as many task slots as partitions).
         */
        ALL_REDUCE
    }

    private final LossFactory loss;
    private final OptimizerFactory optimizer;
    private final int epochs;
    private final int batchSize;
    private final int stepsPerRound;
    private final long seed;
    private final String backend;
    private final Sync sync;
    private final String checkpointDir;
    private final boolean resume;
    private final int treeDepth;
    private final Consumer<EpochReport> listener;
    private final TrainingJob.InjectedFailure failure;

    private SparkTrainer(Builder b) {
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.stepsPerRound = b.stepsPerRound;
        this.seed = b.seed;
        this.backend = b.backend;
        this.sync = b.sync;
        this.checkpointDir = b.checkpointDir;
        this.resume = b.resume;
        this.treeDepth = b.treeDepth;
        this.listener = b.listener;
        this.failure = b.failure;
    }

    /** A builder for a trainer with this loss and optimizer. */
    public static Builder builder(LossFactory loss, OptimizerFactory optimizer) {
        return new Builder(loss, optimizer);
    }

    /**
     * Trains {@code model} on {@code data} and leaves the trained weights in it. {@code featuresCol} must hold
     * vectors of the model's input size (flattened row-major when the input has several dimensions),
     * {@code labelCol} class indices {@code 0 .. outputs-1}. Each partition of {@code data} is one worker:
     * repartition it to the number of executor cores first.
     *
     * @return one report per epoch trained (none when a checkpoint says the training is already complete)
     * @throws IllegalArgumentException for a missing or ill-typed column, vectors of another size, a label that
     *                                  is not a class (naming the first such row) or no rows at all
     */
    public List<EpochReport> fit(Sequential model, Dataset<Row> data, String featuresCol, String labelCol) {
        Objects.requireNonNull(model, "model");
        int features = model.inputShape().size();
        if (model.outputShape().rank() != 1) {
            throw new IllegalArgumentException("SparkTrainer: the model's output is " + model.outputShape()
                    + " per sample; a classifier needs one score per class, [classes]");
        }
        int classes = model.outputShape().size();
        InputColumns.check(data, featuresCol, labelCol, features, classes);
        checkOptimizer();

        JavaRDD<PartitionData> blocks = data.select(featuresCol, labelCol).javaRDD()
                .mapPartitionsWithIndex((index, rows) -> Collections.singletonList(
                        PartitionData.fromRows(index, rows, features, classes)).iterator(), true)
                .persist(StorageLevel.MEMORY_ONLY());
        try {
            List<PartitionData.Summary> parts = blocks.map(PartitionData::summary).collect();
            Plan plan = Plan.of(parts, batchSize, stepsPerRound, epochs, featuresCol, features, labelCol, classes);
            int slots = data.sparkSession().sparkContext().defaultParallelism();
            if (sync == Sync.ALL_REDUCE && parts.size() > slots) {
                // A barrier stage waits until all its tasks can start at once: it would wait forever.
                throw new IllegalArgumentException("SparkTrainer: all-reduce runs every partition at once, but the"
                        + " DataFrame has " + parts.size() + " partitions and the cluster " + slots + " task slots"
                        + " (spark.default.parallelism); repartition to at most " + slots);
            }
            return train(model, blocks, plan, classes, data.sparkSession().sparkContext());
        } finally {
            blocks.unpersist(false);
        }
    }

    private void checkOptimizer() {
        Optimizer probe = optimizer.create(1);
        try {
            probe.state();
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("SparkTrainer: the optimizer " + probe + " cannot export its state,"
                    + " which parameter averaging needs; use one of io.neurite.optim.Optimizers", e);
        }
    }

    private List<EpochReport> train(Sequential model, JavaRDD<PartitionData> blocks, Plan plan, int classes,
                                    SparkContext sc) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        long totalSteps = (long) plan.stepsPerEpoch * epochs;
        TrainingJob job = new TrainingJob(UUID.randomUUID().toString(), backend, loss, optimizer, totalSteps,
                batchSize, seed, classes, failure);
        Optimizer driverOptimizer = optimizer.create(totalSteps);
        String optimizerType = driverOptimizer.state().type();
        Checkpoints checkpoints = checkpointDir == null ? null : new Checkpoints(checkpointDir, sc.hadoopConfiguration());

        int firstEpoch = 0;
        long globalStep = 0;
        String[] stateKeys = new String[0];
        float[] state = new float[0];
        if (checkpoints != null && resume) {
            Optional<SavedModel> saved = checkpoints.latest(model.backend());
            if (saved.isPresent()) {
                Map<String, String> meta = saved.get().metadata();
                String savedPlan = meta.getOrDefault(META_PLAN, "");
                if (!savedPlan.equals(plan.describe(seed))) {
                    throw new IllegalArgumentException("SparkTrainer: the checkpoint in " + checkpoints.location()
                            + " was written by a training of " + savedPlan + " but this one is " + plan.describe(seed)
                            + "; resume with the same data, partitions, batch size, steps per round and seed, or"
                            + " choose another checkpoint directory");
                }
                copyWeights(saved.get().model(), model);
                firstEpoch = Integer.parseInt(meta.get(META_EPOCHS));
                globalStep = Long.parseLong(meta.get(META_STEP));
                OptimizerState s = saved.get().optimizerState().orElseThrow(() -> new IllegalArgumentException(
                        "SparkTrainer: the checkpoint in " + checkpoints.location() + " has no optimizer state"));
                List<String> keys = new ArrayList<>();
                state = flatState(s, keys);
                stateKeys = keys.toArray(new String[0]);
                LOG.info("resuming from the checkpoint of epoch {} in {} (global step {})", firstEpoch,
                        checkpoints.location(), globalStep);
            }
        }

        CachedPartitions cached = CachedPartitions.of(blocks);
        JavaRDD<Integer> indices = CachedPartitions.indices(sc, blocks);
        Broadcast<byte[]> modelFile = jsc.broadcast(ModelBytes.of(model));
        List<EpochReport> reports = new ArrayList<>();
        float[] weights = Replica.flatten(model, new OptimizerState(optimizerType, 0, Map.of()), new ArrayList<>());
        try {
            for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                double lossSum = 0;
                long samples = 0;
                long computeNanos = 0;
                long bytes = 0;
                int rounds = 0;
                for (int round = 0; round < plan.roundsPerEpoch; round++) {
                    int first = round * stepsPerRound;
                    int steps = Math.min(stepsPerRound, plan.stepsPerEpoch - first);
                    RoundStart start = new RoundStart(epoch, round, first, steps, globalStep, weights, stateKeys, state);
                    Broadcast<RoundStart> bc = jsc.broadcast(start);
                    RoundSum sum;
                    try {
                        if (sync == Sync.ALL_REDUCE) {
                            sum = AllReduceSteps.round(blocks, bc, job, modelFile);
                        } else {
                            try {
                                sum = indices.map(i -> LocalSteps.run(cached.get(i), bc.value(), job, modelFile.value()))
                                        .treeAggregate(RoundSum.empty(), RoundSum::merge, RoundSum::merge, treeDepth);
                            } catch (Exception e) {
                                if (!CachedPartitions.Missing.causes(e)) {
                                    throw e;
                                }
                                // A cached partition is gone (executor lost, evicted): this round recomputes it
                                // through the persisted RDD's lineage, the next ones use its new location.
                                LOG.warn("epoch {} round {}: the executors no longer hold every partition's cached rows"
                                        + " (an executor was lost, or memory evicted them); this round recomputes them"
                                        + " from the data", epoch + 1, round + 1);
                                sum = blocks.map(d -> LocalSteps.run(d, bc.value(), job, modelFile.value()))
                                        .treeAggregate(RoundSum.empty(), RoundSum::merge, RoundSum::merge, treeDepth);
                                indices = CachedPartitions.indices(sc, blocks);
                            }
                        }
                    } finally {
                        bc.destroy();
                    }
                    float[] mean = sum.mean();
                    weights = Arrays.copyOf(mean, weights.length);
                    state = Arrays.copyOfRange(mean, weights.length, mean.length);
                    stateKeys = sum.stateKeys;
                    globalStep += steps;
                    lossSum += sum.lossSum;
                    samples += sum.samples;
                    computeNanos += sum.maxComputeNanos;
                    // Averaging: the broadcast in, the worker's model and state out. All-reduce: at every step a
                    // worker sends its gradient (Base64, 4/3 of the floats) and receives every worker's.
                    bytes = sync == Sync.AVERAGE ? 2 * start.payloadBytes()
                            : (long) steps * (4L * weights.length * 4 / 3) * (1 + parts(blocks));
                    rounds++;
                }
                setWeights(model, weights);
                if (checkpoints != null) {
                    driverOptimizer.loadState(stateOfModel(model, optimizerType, globalStep, stateKeys, state),
                            model.parameters());
                    checkpoints.write(epoch + 1, ModelFile.writer(model).optimizer(driverOptimizer)
                            .metadata(META_EPOCHS, Integer.toString(epoch + 1))
                            .metadata(META_STEP, Long.toString(globalStep))
                            .metadata(META_PLAN, plan.describe(seed)));
                }
                EpochReport report = new EpochReport(epoch + 1, lossSum / samples, samples, rounds, globalStep,
                        (System.nanoTime() - t0) / 1e9, computeNanos / 1e9, bytes);
                LOG.info("{}", report);
                reports.add(report);
                if (listener != null) {
                    listener.accept(report);
                }
            }
        } finally {
            modelFile.destroy();
        }
        return reports;
    }

    private static int parts(JavaRDD<?> rdd) {
        return rdd.getNumPartitions();
    }

    private static float[] flatState(OptimizerState s, List<String> keys) {
        long n = 0;
        for (Map.Entry<String, io.neurite.tensor.Tensor> e : s.tensors().entrySet()) {
            n += e.getValue().size();
        }
        float[] out = new float[Math.toIntExact(n)];
        int offset = 0;
        for (Map.Entry<String, io.neurite.tensor.Tensor> e : s.tensors().entrySet()) {
            keys.add(e.getKey());
            float[] v = e.getValue().toFloatArray();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    private static OptimizerState stateOfModel(Sequential model, String type, long step, String[] keys,
                                               float[] values) {
        Map<String, io.neurite.tensor.Tensor> tensors = new java.util.LinkedHashMap<>();
        int offset = 0;
        for (String key : keys) {
            io.neurite.tensor.Tensor like = model.parameter(OptimizerState.parameterName(key)).value();
            tensors.put(key, like.newLike().copyFrom(values, offset));
            offset += like.size();
        }
        return new OptimizerState(type, step, tensors);
    }

    private static void setWeights(Sequential model, float[] weights) {
        int offset = 0;
        for (Parameter p : model.parameters()) {
            p.value().copyFrom(weights, offset);
            offset += p.value().size();
        }
    }

    private static void copyWeights(Sequential from, Sequential to) {
        List<Parameter> a = from.parameters();
        List<Parameter> b = to.parameters();
        boolean same = a.size() == b.size();
        for (int i = 0; same && i < a.size(); i++) {
            same = a.get(i).name().equals(b.get(i).name()) && a.get(i).value().shape().equals(b.get(i).value().shape());
        }
        if (!same) {
            throw new IllegalArgumentException("SparkTrainer: the checkpoint holds a different model ("
                    + from + ") than the one being trained (" + to + "); resume with the same architecture");
        }
        for (int i = 0; i < a.size(); i++) {
            b.get(i).value().copyFrom(a.get(i).value());
        }
    }

    /**
     * How an epoch divides into rounds, from the partitions' row counts.
     *
     * @param rows partition sizes, in partition order
     */
    record Plan(int[] rows, int workers, int stepsPerEpoch, int roundsPerEpoch, int batchSize, int stepsPerRound) {

        static Plan of(List<PartitionData.Summary> parts, int batchSize, int stepsPerRound, int epochs,
                       String featuresCol, int features, String labelCol, int classes) {
            long before = 0;
            for (PartitionData.Summary p : parts) {
                if (p.firstBadVectorRow() >= 0) {
                    throw new IllegalArgumentException("features column '" + featuresCol + "': row " + (before
                            + p.firstBadVectorRow()) + " (row " + p.firstBadVectorRow() + " of partition "
                            + p.partition() + ") has " + (p.firstBadVectorSize() < 0 ? "no vector (null)"
                            : "a vector of " + p.firstBadVectorSize() + " values") + " but the model takes "
                            + features + " inputs; every row needs a vector of " + features + " values");
                }
                before += p.seen();
            }
            before = 0;
            int[] rows = new int[parts.size()];
            long total = 0;
            int largest = 0;
            int nonEmpty = 0;
            for (PartitionData.Summary p : parts) {
                if (p.firstBadRow() >= 0) {
                    throw new IllegalArgumentException("label column '" + labelCol + "': row " + (before
                            + p.firstBadRow()) + " (row " + p.firstBadRow() + " of partition " + p.partition()
                            + ") has label " + p.firstBadLabel() + " but the model has " + classes
                            + " classes, so labels must be whole numbers 0.." + (classes - 1));
                }
                before += p.seen();
                rows[p.partition()] = p.rows();
                total += p.rows();
                largest = Math.max(largest, p.rows());
                nonEmpty += p.rows() > 0 ? 1 : 0;
            }
            if (total == 0) {
                throw new IllegalArgumentException("SparkTrainer: the DataFrame has no rows to train on");
            }
            int stepsPerEpoch = (largest + batchSize - 1) / batchSize;
            int rounds = (stepsPerEpoch + stepsPerRound - 1) / stepsPerRound;
            return new Plan(rows, nonEmpty, stepsPerEpoch, rounds, batchSize, stepsPerRound);
        }

        /** What a checkpoint must match to be resumed exactly. */
        String describe(long seed) {
            return "partitions " + Arrays.toString(rows) + ", batch " + batchSize + ", " + stepsPerRound
                    + " steps per round, seed " + seed;
        }
    }

    /** Options of a {@link SparkTrainer}; every one is checked when set. */
    public static final class Builder {
        private final LossFactory loss;
        private final OptimizerFactory optimizer;
        private int epochs = 1;
        private int batchSize = 64;
        private int stepsPerRound = 32;
        private long seed = 1;
        private String backend = "pure";
        private Sync sync = Sync.AVERAGE;
        private String checkpointDir;
        private boolean resume;
        private int treeDepth = 2;
        private Consumer<EpochReport> listener;
        private TrainingJob.InjectedFailure failure;

        private Builder(LossFactory loss, OptimizerFactory optimizer) {
            this.loss = Objects.requireNonNull(loss, "loss");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        public Builder epochs(int epochs) {
            this.epochs = positive("epochs", epochs);
            return this;
        }

        /** Rows per local step on each worker (default 64); a global step sees workers x batchSize rows. */
        public Builder batchSize(int batchSize) {
            this.batchSize = positive("batchSize", batchSize);
            return this;
        }

        /** Local steps between two averagings (k, default 32); with {@link Sync#ALL_REDUCE}, steps per stage. */
        public Builder stepsPerRound(int stepsPerRound) {
            this.stepsPerRound = positive("stepsPerRound", stepsPerRound);
            return this;
        }

        /** Seeds every epoch's shuffle of every partition (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The backend the executors train on (default {@code pure}: no native code to install). */
        public Builder backend(String backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        public Builder sync(Sync sync) {
            this.sync = Objects.requireNonNull(sync, "sync");
            return this;
        }

        /** Write a checkpoint after every epoch to this Hadoop FileSystem directory (hdfs://, s3a://, file:/). */
        public Builder checkpoint(String dir) {
            this.checkpointDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Continue from the newest checkpoint in the {@link #checkpoint} directory, if there is one. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Depth of the {@code treeAggregate} that sums the workers' models (default 2). */
        public Builder treeDepth(int depth) {
            this.treeDepth = positive("treeDepth", depth);
            return this;
        }

        /** Called on the driver after every epoch. */
        public Builder listener(Consumer<EpochReport> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Test hook: the first attempt of this task throws half-way through its round. */
        Builder failFirstAttempt(int epoch, int round, int partition) {
            this.failure = new TrainingJob.InjectedFailure(epoch, round, partition);
            return this;
        }

        public SparkTrainer build() {
            if (resume && checkpointDir == null) {
                throw new IllegalArgumentException("SparkTrainer: resume needs a checkpoint directory; set checkpoint(dir)");
            }
            return new SparkTrainer(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("SparkTrainer: " + name + " must be at least 1 but was " + value);
            }
            return value;
        }
    }
}
