package io.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Training on {@code local-cluster[2,1,1024]}: two executors in JVMs of their own, started from the SPARK_HOME the
 * build assembles (target/spark-home/jars: Spark's jars with the SLF4J and Jackson this module pins), with nothing
 * of Neurite on their class path but neurite-spark.jar. It catches what works only inside one JVM: a static
 * registry, a backend built on the driver, a closure that does not serialize, a missing service entry. The
 * weights must equal, bit for bit, those of the same training on local[2] in this JVM.
 */
class LocalClusterIT {

    /** Executors that cannot start are relaunched forever; the timeout turns that into a failure. */
    @Test
    @Timeout(300)
    void trainsOnExecutorsInOtherJvmsExactlyAsInOne() throws Exception {
        String jar = System.getProperty("neurite.spark.jar");
        String home = System.getProperty("neurite.spark.home");
        assertTrue(Files.isRegularFile(Path.of(jar)), "the shaded jar is built first: " + jar);
        assertTrue(Files.isDirectory(Path.of(home, "jars")), "SPARK_HOME/jars is assembled first: " + home);

        float[][] train = SparkTests.blobs(2000, 1);
        float[][] test = SparkTests.blobs(500, 2);
        float[] clusterWeights;
        SparkSession cluster = SparkSession.builder().master("local-cluster[2,1,1024]").appName("nn-spark local-cluster")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "localhost")
                .config("spark.home", home)
                .config("spark.jars", jar)
                .config("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector -Dneurite.threads=1")
                .getOrCreate();
        try {
            SparkTests.use(cluster);
            // (A lambda of this class would not even deserialize on the executors: they do not have the tests.)
            Set<String> executors = java.util.Collections.synchronizedSet(new TreeSet<>());
            cluster.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    executors.add(end.taskInfo().executorId());
                }
            });

            Sequential model = SparkTests.model(3);
            List<EpochReport> reports = trainer().build().fit(model, SparkTests.frame(train, 2), "features", "label");
            cluster.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(Set.of("0", "1"), executors, "the tasks ran on both executor JVMs, none in the driver");
            assertEquals(3, reports.size());
            double accuracy = SparkTests.accuracy(model, test);
            assertTrue(accuracy > 0.8, "held-out accuracy " + accuracy);
            clusterWeights = SparkTests.weights(model);
        } finally {
            cluster.stop();
            SparkTests.use(null);
        }

        Sequential local = SparkTests.model(3);
        trainer().build().fit(local, SparkTests.frame(train, 2), "features", "label");
        SparkTests.spark().stop();
        assertArrayEquals(SparkTests.weights(local), clusterWeights);
    }

    /** Only factories defined in the library: executors have neurite-spark.jar, not the test classes. */
    private static SparkTrainer.Builder trainer() {
        return SparkTrainer.builder(LossFactory.softmaxCrossEntropy(), OptimizerFactory.adamCosine(1e-2))
                .epochs(3).batchSize(32).stepsPerRound(16).seed(7);
    }
}
