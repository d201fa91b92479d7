package io.neurite.spark;

import io.neurite.discovery.Backends;
import io.neurite.loss.Loss;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's copy of the model on an executor, with its loss and reusable batch tensors. Every round
 * overwrites its weights and optimizer state with the broadcast ones before any step, so a replica carries
 * nothing from one round (or a failed attempt) into the next: the executors keep a pool of them per training
 * only to skip rebuilding the model for each task. Any JVM rebuilds its own from the broadcast model file.
 */
final class Replica {
    /** Replicas of the current training, by training id; those of an older training are dropped. */
    private static final Map<String, Queue<Replica>> POOL = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    final Sequential model;
    final Loss loss;
    final Backend backend;
    final int features;
    final int classes;
    private final int[] inputDims;
    private Tensor x;
    private Tensor target;
    private Tensor grad;
    private float[] xStage;
    private float[] targetStage;

    private Replica(Sequential model, Loss loss) {
        this.model = model;
        this.loss = loss;
        this.backend = model.backend();
        this.features = model.inputShape().size();
        this.classes = model.outputShape().size();
        this.inputDims = model.inputShape().dims();
    }

    /** A replica for {@code job}, from this JVM's pool or built from the model file bytes. */
    static Replica borrow(TrainingJob job, byte[] modelFile) {
        POOL.keySet().removeIf(id -> !id.equals(job.id()));
        Replica r = POOL.computeIfAbsent(job.id(), id -> new ConcurrentLinkedQueue<>()).poll();
        if (r != null) {
            return r;
        }
        Backend backend = Backends.get(job.backend());
        warnIfOversubscribed(backend);
        return new Replica(ModelBytes.read(modelFile, backend).model(), job.loss().create());
    }

    /**
     * Each task is one worker on {@code spark.task.cpus} cores (1 by default), and an executor runs as many tasks
     * at once as it has cores: a backend with more threads than that puts several threads on every core, which
     * measured slower than one (docs/spark.md). Said once per JVM, with the fix.
     */
    private static void warnIfOversubscribed(Backend backend) {
        TaskContext task = TaskContext.get();
        int cpus = task == null ? 1 : task.cpus();
        if (backend.threads() > cpus && WARNED.compareAndSet(false, true)) {
            LOG.warn("the {} backend uses {} threads in every task, but a task has {} core(s); set"
                    + " -Dneurite.threads={} in spark.executor.extraJavaOptions (and the driver's options on local[N])",
                    backend.name(), backend.threads(), cpus, cpus);
        }
    }

    static void giveBack(TrainingJob job, Replica replica) {
        Queue<Replica> queue = POOL.get(job.id());
        if (queue != null) {
            queue.add(replica);
        }
    }

    /** Sets every parameter from {@code weights} (concatenated in parameter order). */
    void setWeights(float[] weights) {
        int offset = 0;
        for (Parameter p : model.parameters()) {
            p.value().copyFrom(weights, offset);
            offset += p.value().size();
        }
        if (offset != weights.length) {
            throw new IllegalStateException("the broadcast weights have " + weights.length + " values but the model "
                    + offset);
        }
    }

    /** A fresh optimizer holding the round's state and step counter. */
    Optimizer optimizer(TrainingJob job, RoundStart start) {
        Optimizer optimizer = job.optimizer().create(job.totalSteps());
        optimizer.loadState(stateOf(optimizer.state().type(), start.globalStep(), start.stateKeys(), start.state()),
                model.parameters());
        return optimizer;
    }

    /** Optimizer state from flat values, each entry shaped as its parameter, on this replica's backend. */
    OptimizerState stateOf(String type, long iterations, String[] keys, float[] values) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int offset = 0;
        for (String key : keys) {
            Shape shape = model.parameter(OptimizerState.parameterName(key)).value().shape();
            tensors.put(key, backend.zeros(shape).copyFrom(values, offset));
            offset += shape.size();
        }
        return new OptimizerState(type, iterations, tensors);
    }

    /** Weights then optimizer state, flat, and the state's keys in that order. */
    static float[] flatten(Sequential model, OptimizerState state, List<String> keysOut) {
        List<Tensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            tensors.add(p.value());
        }
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            keysOut.add(e.getKey());
            tensors.add(e.getValue());
        }
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        float[] out = new float[Math.toIntExact(n)];
        int offset = 0;
        for (Tensor t : tensors) {
            float[] values = t.toFloatArray();
            System.arraycopy(values, 0, out, offset, values.length);
            offset += values.length;
        }
        return out;
    }

    /**
     * Loads rows {@code order[from .. from+count)} of {@code data} into the batch tensors and returns the
     * features; {@link #target()} then holds their one-hot labels.
     */
    Tensor batch(PartitionData data, int[] order, int from, int count) {
        if (x == null || x.shape().dim(0) != count) {
            int[] dims = new int[inputDims.length + 1];
            dims[0] = count;
            System.arraycopy(inputDims, 0, dims, 1, inputDims.length);
            x = backend.zeros(Shape.of(dims));
            target = backend.zeros(Shape.of(count, classes));
            grad = backend.zeros(Shape.of(count, classes));
            xStage = new float[count * features];
            targetStage = new float[count * classes];
        }
        java.util.Arrays.fill(targetStage, 0f);
        for (int i = 0; i < count; i++) {
            int row = order[from + i];
            System.arraycopy(data.x, row * features, xStage, i * features, features);
            targetStage[i * classes + data.labels[row]] = 1f;
        }
        x.copyFrom(xStage);
        target.copyFrom(targetStage);
        return x;
    }

    Tensor target() {
        return target;
    }

    /** The gradient buffer of the current batch size, dLoss/dLogits. */
    Tensor gradient() {
        return grad;
    }

    /** One forward and backward pass over the current batch, accumulating into zeroed gradients; the mean loss. */
    float forwardBackward(Tensor batch) {
        model.zeroGrad();
        Tensor logits = model.forward(batch, true);
        float l = loss.lossAndGradient(logits, target, grad);
        model.backward(grad, false);
        return l;
    }
}
