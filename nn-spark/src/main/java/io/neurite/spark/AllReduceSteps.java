package io.neurite.spark;

import io.neurite.nn.Parameter;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Tensor;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The alternative to parameter averaging, {@link SparkTrainer.Sync#ALL_REDUCE}: a round is one barrier stage in
 * which every worker, at every step, computes the gradient of its batch and exchanges it with all others through
 * {@link BarrierTaskContext#allGather}; each then sums them in partition order (so all get the same bits),
 * divides by the global batch, and applies the same optimizer step. Weights and optimizer state never diverge, so
 * only partition 0 returns them. {@code allGather} carries strings through the driver, so a gradient travels
 * Base64-encoded and each worker receives all of them: the cost docs/spark.md measures.
 */
final class AllReduceSteps {
    private AllReduceSteps() {
    }

    static RoundSum round(JavaRDD<PartitionData> blocks, Broadcast<RoundStart> start, TrainingJob job,
                          Broadcast<byte[]> modelFile) {
        ClassTag<RoundSum> tag = ClassTag$.MODULE$.apply(RoundSum.class);
        RDD<RoundSum> out = blocks.rdd().barrier().mapPartitions(new Task(start, job, modelFile), false, tag);
        return out.toJavaRDD().treeAggregate(RoundSum.empty(), RoundSum::merge, RoundSum::merge, 2);
    }

    private static final class Task
            extends AbstractFunction1<scala.collection.Iterator<PartitionData>, scala.collection.Iterator<RoundSum>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<RoundStart> start;
        private final TrainingJob job;
        private final Broadcast<byte[]> modelFile;

        Task(Broadcast<RoundStart> start, TrainingJob job, Broadcast<byte[]> modelFile) {
            this.start = start;
            this.job = job;
            this.modelFile = modelFile;
        }

        @Override
        public scala.collection.Iterator<RoundSum> apply(scala.collection.Iterator<PartitionData> it) {
            RoundSum result = run(it.next(), start.value(), job, modelFile.value(), BarrierTaskContext.get());
            return CollectionConverters.asScala(Collections.singletonList(result).iterator());
        }
    }

    static RoundSum run(PartitionData data, RoundStart start, TrainingJob job, byte[] modelFile,
                        BarrierTaskContext ctx) {
        long t0 = System.nanoTime();
        Replica replica = Replica.borrow(job, modelFile);
        replica.setWeights(start.weights());
        Optimizer optimizer = replica.optimizer(job, start);
        int[] order = Shuffle.permutation(data.rows, job.seed(), start.epoch(), data.partition);
        List<Parameter> params = replica.model.parameters();
        int n = 0;
        for (Parameter p : params) {
            n += p.grad().size();
        }
        float[] local = new float[n];
        double[] sum = new double[n];
        float[] mean = new float[n];
        long samples = 0;
        double lossSum = 0;
        long compute = 0;
        int b = job.batchSize();
        int failAt = LocalSteps.failurePoint(job, start, data.partition, start.firstStep(),
                start.firstStep() + start.steps());
        for (int step = start.firstStep(); step < start.firstStep() + start.steps(); step++) {
            if (step == failAt) {
                throw new IllegalStateException("injected failure (test) in epoch " + start.epoch() + ", round "
                        + start.round() + ", partition " + data.partition + ", attempt 0");
            }
            long c0 = System.nanoTime();
            int from = step * b;
            int count = Math.max(0, Math.min(b, data.rows - from));
            String message = "0;0;";
            if (count > 0) {
                Tensor x = replica.batch(data, order, from, count);
                float l = replica.forwardBackward(x);
                int offset = 0;
                for (Parameter p : params) {
                    float[] g = p.grad().toFloatArray();
                    for (int i = 0; i < g.length; i++) {
                        local[offset + i] = g[i] * count;
                    }
                    offset += g.length;
                }
                message = count + ";" + ((double) l * count) + ";" + encode(local);
            }
            long c1 = System.nanoTime();
            String[] all = ctx.allGather(message);
            long c2 = System.nanoTime();
            java.util.Arrays.fill(sum, 0);
            long total = 0;
            for (String m : all) {
                int a = m.indexOf(';');
                int c = m.indexOf(';', a + 1);
                int k = Integer.parseInt(m.substring(0, a));
                if (k == 0) {
                    continue;
                }
                total += k;
                lossSum += Double.parseDouble(m.substring(a + 1, c));
                decodeAdd(m.substring(c + 1), sum);
            }
            for (int i = 0; i < n; i++) {
                mean[i] = (float) (sum[i] / total);
            }
            int offset = 0;
            for (Parameter p : params) {
                p.grad().copyFrom(mean, offset);
                offset += p.grad().size();
            }
            long c3 = System.nanoTime();
            optimizer.step(params);
            samples += total;
            compute += (c1 - c0) + (System.nanoTime() - c3);
        }
        long t1 = System.nanoTime();
        List<String> keys = new ArrayList<>();
        float[] values = Replica.flatten(replica.model, optimizer.state(), keys);
        Replica.giveBack(job, replica);
        if (ctx.partitionId() != 0) {
            return RoundSum.of(null, null, 0, 0, 0, compute, 0);
        }
        // Every worker holds the same weights: partition 0 reports them, with the samples of all workers.
        return RoundSum.of(values, keys.toArray(new String[0]), samples, start.steps(), lossSum, compute,
                (t1 - t0) - compute);
    }

    static String encode(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    static void decodeAdd(String text, double[] sum) {
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += buf.getFloat(4 * i);
        }
    }
}
