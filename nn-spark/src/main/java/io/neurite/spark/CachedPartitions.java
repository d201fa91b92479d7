package io.neurite.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.TaskLocation;
import org.apache.spark.storage.BlockResult;
import org.apache.spark.storage.RDDBlockId;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The training rows of one {@code fit}, cached on the executors as {@link PartitionData} (one block per
 * partition of a persisted RDD), and what a round's tasks run over: an RDD of the partition indices alone, with
 * each index preferring the executor that holds its block, whose tasks read the block from their executor's
 * block manager.
 *
 * <p>Why not run each round over the persisted RDD itself: a task of an RDD carries that RDD's whole lineage
 * (the DataFrame's query plan, about 140 KB here), which Spark serializes for every job and every task
 * deserializes, every round, although the rows are already cached. An RDD of a few integers carries nothing.
 * The lineage is still there when it is needed: a task that finds its block gone (an executor lost, memory
 * evicted it) fails with {@link Missing}, and the driver runs that round over the persisted RDD, which
 * recomputes the partition from its source.
 */
final class CachedPartitions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);

    private final int rddId;

    private CachedPartitions(int rddId) {
        this.rddId = rddId;
    }

    /** The blocks of {@code persisted}, an RDD that has been persisted and computed once. */
    static CachedPartitions of(JavaRDD<PartitionData> persisted) {
        return new CachedPartitions(persisted.id());
    }

    /**
     * The partition indices {@code 0 .. partitions-1} of {@code persisted} as an RDD of as many partitions, each
     * preferring the executors where the block of its index is cached (so that the scheduler runs it there).
     */
    static JavaRDD<Integer> indices(SparkContext sc, JavaRDD<PartitionData> persisted) {
        int n = persisted.getNumPartitions();
        List<Tuple2<Integer, scala.collection.immutable.Seq<String>>> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<String> hosts = new ArrayList<>();
            for (TaskLocation location : CollectionConverters.asJava(sc.getPreferredLocs(persisted.rdd(), i))) {
                hosts.add(location.toString());   // "executor_HOST_ID" for a cached block, parsed back by Spark
            }
            items.add(new Tuple2<>(i, CollectionConverters.asScala(hosts).toList()));
        }
        return JavaRDD.fromRDD(sc.makeRDD(CollectionConverters.asScala(items).toList(), INT), INT);
    }

    /**
     * Partition {@code index}'s rows, from this executor's block manager (or another executor's, fetched).
     *
     * @throws Missing if no executor holds the block any more
     */
    PartitionData get(int index) {
        RDDBlockId id = new RDDBlockId(rddId, index);
        Option<BlockResult> found = SparkEnv.get().blockManager().get(id, ClassTag$.MODULE$.apply(PartitionData.class));
        if (found.isEmpty()) {
            throw new Missing("the cached training rows of partition " + index + " (block " + id.name()
                    + ") are gone from the executors");
        }
        scala.collection.Iterator<Object> values = found.get().data();
        PartitionData data = (PartitionData) values.next();
        while (values.hasNext()) {
            values.next();   // reading to the end releases the block's read lock
        }
        return data;
    }

    /** A round's task found its partition's cached block gone. */
    static final class Missing extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        /** In the message, so the driver recognises the failure in the {@code SparkException} that reports it. */
        static final String MARKER = "[neurite: cached partition missing]";

        Missing(String message) {
            super(MARKER + " " + message);
        }

        static boolean causes(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c.getMessage() != null && c.getMessage().contains(MARKER)) {
                    return true;
                }
            }
            return false;
        }
    }
}
