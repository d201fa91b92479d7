package io.neurite.spark;

import static io.neurite.spark.SparkTests.accuracy;
import static io.neurite.spark.SparkTests.blobs;
import static io.neurite.spark.SparkTests.frame;
import static io.neurite.spark.SparkTests.model;
import static io.neurite.spark.SparkTests.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizers;
import io.neurite.optim.schedule.Schedules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SparkTrainer on local[2]: learning, determinism, retries, empty partitions, schedules, checkpoints. */
class SparkTrainerTest {
    static final float[][] TRAIN = blobs(4000, 1);
    static final float[][] TEST = blobs(1000, 2);

    static SparkTrainer.Builder trainer(int epochs) {
        return SparkTrainer.builder(SoftmaxCrossEntropy::new,
                        steps -> Optimizers.adam(Schedules.cosineDecay(3e-3, steps)))
                .epochs(epochs).batchSize(32).stepsPerRound(16).seed(7);
    }

    @Test
    void learnsAsWellAsSingleMachineTrainingOnTheSameData() {
        Sequential local = model(3);
        SparkTests.trainLocally(local, TRAIN, Optimizers.adam(Schedules.cosineDecay(3e-3, 5 * (4000 / 64))), 5, 64);
        double single = accuracy(local, TEST);

        Sequential distributed = model(3);
        double before = accuracy(distributed, TEST);
        List<EpochReport> reports = trainer(5).build().fit(distributed, frame(TRAIN, 2), "features", "label");
        double spark = accuracy(distributed, TEST);

        assertEquals(5, reports.size());
        assertTrue(reports.get(4).loss() < reports.get(0).loss(), "the training loss falls: " + reports);
        assertTrue(before < 0.4, "an untrained model is near chance (" + before + ")");
        assertTrue(single > 0.8, "the single-machine reference learns (" + single + ")");
        assertTrue(spark >= single - 0.02, "local[2] reaches " + spark + ", single-machine " + single);
    }

    /**
     * Few, large steps: on Spark 4.2 every allGather costs about a second (BarrierTaskContext polls its reply once
     * a second), so all-reduce is tested with 2 x 8 global steps of 2 x 250 rows.
     */
    @Test
    void gradientAllReduceLearnsToo() {
        Sequential m = model(3);
        SparkTrainer.builder(SoftmaxCrossEntropy::new, steps -> Optimizers.adam(0.03)).epochs(2).batchSize(250)
                .stepsPerRound(8).sync(SparkTrainer.Sync.ALL_REDUCE).build().fit(m, frame(TRAIN, 2), "features", "label");
        double acc = accuracy(m, TEST);
        assertTrue(acc > 0.8, "all-reduce training reaches " + acc);
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        Sequential a = model(3);
        Sequential b = model(3);
        Sequential c = model(3);
        trainer(1).build().fit(a, frame(TRAIN, 2), "features", "label");
        trainer(1).build().fit(b, frame(TRAIN, 2), "features", "label");
        trainer(1).seed(8).build().fit(c, frame(TRAIN, 2), "features", "label");
        assertArrayEquals(weights(a), weights(b));
        assertFalse(Arrays.equals(weights(a), weights(c)), "another seed shuffles otherwise");
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedAndTheWeightsAreTheSame() throws Exception {
        AtomicInteger failed = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        };
        SparkTests.spark().sparkContext().addSparkListener(listener);
        try {
            Sequential clean = model(3);
            Sequential retried = model(3);
            trainer(1).build().fit(clean, frame(TRAIN, 2), "features", "label");
            assertEquals(0, failed.get());
            trainer(1).failFirstAttempt(0, 2, 1).build().fit(retried, frame(TRAIN, 2), "features", "label");
            SparkTests.spark().sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(1, failed.get(), "the injected failure happened once");
            assertArrayEquals(weights(clean), weights(retried));
        } finally {
            SparkTests.spark().sparkContext().removeSparkListener(listener);
        }
    }

    /**
     * Rounds read the rows that the executors cached; when those blocks are gone (an executor lost, memory
     * evicted them), the round recomputes them through the data's lineage and training ends with the weights of
     * an undisturbed run.
     */
    @Test
    void roundsSurviveLosingTheCachedRows() throws Exception {
        AtomicInteger failed = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        };
        var sc = SparkTests.spark().sparkContext();
        Sequential undisturbed = model(3);
        trainer(2).build().fit(undisturbed, frame(TRAIN, 2), "features", "label");
        sc.addSparkListener(listener);
        try {
            AtomicInteger removed = new AtomicInteger();
            Sequential disturbed = model(3);
            trainer(2).listener(r -> {
                if (r.epoch() == 1) {
                    // What losing the executors' memory looks like: every cached block of the training is dropped.
                    for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(sc.getPersistentRDDs()).keySet()) {
                        org.apache.spark.SparkEnv.get().blockManager().master().removeRdd((Integer) id, true);
                        removed.incrementAndGet();
                    }
                }
            }).build().fit(disturbed, frame(TRAIN, 2), "features", "label");
            sc.listenerBus().waitUntilEmpty();
            assertTrue(removed.get() > 0, "the training's rows were cached, and dropped");
            assertTrue(failed.get() > 0, "a round found its rows gone");
            assertArrayEquals(weights(undisturbed), weights(disturbed));
        } finally {
            sc.removeSparkListener(listener);
        }
    }

    /** Partitions [A, B, empty] train exactly as [A, B]: the empty worker counts zero times in every average. */
    @Test
    @Timeout(120)
    void anEmptyPartitionNeitherHangsNorSkewsTheAverage() {
        Dataset<Row> two = frame(TRAIN, 2);
        Sequential a = model(3);
        Sequential b = model(3);
        trainer(1).build().fit(a, two, "features", "label");
        trainer(1).build().fit(b, withEmptyPartition(two), "features", "label");
        assertArrayEquals(weights(a), weights(b));
    }

    /**
     * All-reduce: an empty worker still joins every allGather (or the others would wait for it forever) and adds
     * nothing to the gradient, so [A, empty] trains exactly as [A]. (Barrier stages need a slot per partition,
     * hence one partition of data here on local[2].)
     */
    @Test
    @Timeout(120)
    void anEmptyPartitionJoinsTheAllReduceWithoutHangingOrSkewingIt() {
        Dataset<Row> one = frame(Arrays.copyOf(TRAIN, 1000), 1);
        // Barrier stages refuse a union in their lineage: drop partition 1's rows instead.
        Dataset<Row> oneAndEmpty = SparkTests.spark().createDataFrame(frame(Arrays.copyOf(TRAIN, 2000), 2).javaRDD()
                .mapPartitionsWithIndex((i, rows) -> i == 0 ? rows : java.util.Collections.emptyIterator(), true),
                SparkTests.schema());
        Sequential a = model(3);
        Sequential b = model(3);
        trainer(1).sync(SparkTrainer.Sync.ALL_REDUCE).batchSize(250).build().fit(a, one, "features", "label");
        trainer(1).sync(SparkTrainer.Sync.ALL_REDUCE).batchSize(250).build().fit(b, oneAndEmpty, "features", "label");
        assertArrayEquals(weights(a), weights(b));
    }

    private static Dataset<Row> withEmptyPartition(Dataset<Row> data) {
        Dataset<Row> more = SparkTests.spark().createDataFrame(data.javaRDD()
                .union(SparkTests.spark().emptyDataFrame().javaRDD().repartition(1)), SparkTests.schema());
        assertEquals(data.javaRDD().getNumPartitions() + 1, more.javaRDD().getNumPartitions());
        return more;
    }

    /** Unequal partitions: an epoch is as many global steps as the largest needs, and the schedule counts them. */
    @Test
    void theScheduleCountsGlobalSteps(@TempDir Path dir) throws Exception {
        float[][] uneven = Arrays.copyOf(TRAIN, 3000);
        Dataset<Row> data = frame(uneven, 2);
        long[] told = new long[1];
        Sequential m = model(3);
        List<EpochReport> reports = SparkTrainer.builder(SoftmaxCrossEntropy::new, steps -> {
                    told[0] = steps;
                    return Optimizers.sgd(Schedules.stepDecay(0.05, 10, 0.5));
                }).epochs(2).batchSize(100).stepsPerRound(4).checkpoint(dir.toUri().toString()).build()
                .fit(m, data, "features", "label");
        // parallelize splits 3000 rows into 1500 + 1500: 15 batches of 100 per epoch on each worker
        assertEquals(30, told[0]);
        assertEquals(15, reports.get(0).globalStep());
        assertEquals(30, reports.get(1).globalStep());
        assertEquals(4, reports.get(0).rounds());
        assertEquals(3000, reports.get(0).samples());
        var saved = new Checkpoints(dir.toUri().toString(), SparkTests.spark().sparkContext().hadoopConfiguration())
                .latest(SparkTests.backend()).orElseThrow();
        assertEquals(30, saved.optimizerState().orElseThrow().iterations());
        assertEquals("2", saved.metadata().get(SparkTrainer.META_EPOCHS));
    }

    /** A job stopped after epoch 1 and resumed from its checkpoint ends with the weights of an unbroken run. */
    @Test
    void aStoppedTrainingResumesFromItsCheckpointExactly(@TempDir Path tmp) throws Exception {
        Sequential unbroken = model(3);
        trainer(2).build().fit(unbroken, frame(TRAIN, 2), "features", "label");

        String dir = tmp.resolve("ckpt").toUri().toString();
        Sequential stopped = model(3);
        RuntimeException stop = new RuntimeException("stopped");
        try {
            trainer(2).checkpoint(dir).listener(r -> {
                if (r.epoch() == 1) {
                    throw stop;
                }
            }).build().fit(stopped, frame(TRAIN, 2), "features", "label");
        } catch (RuntimeException e) {
            assertEquals(stop, e);
        }
        try (var files = Files.list(tmp.resolve("ckpt"))) {
            assertEquals(List.of(Checkpoints.name(1)), files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).toList());  // not Hadoop's .crc files
        }
        Sequential resumed = model(99);  // other initial weights: everything must come from the checkpoint
        List<EpochReport> rest = trainer(2).checkpoint(dir).resume(true).build()
                .fit(resumed, frame(TRAIN, 2), "features", "label");
        assertEquals(List.of(2), rest.stream().map(EpochReport::epoch).toList());
        assertArrayEquals(weights(unbroken), weights(resumed));
    }
}
