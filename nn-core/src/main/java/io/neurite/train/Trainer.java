package io.neurite.train;

import io.neurite.loss.Loss;
import io.neurite.nn.BufferCache;
import io.neurite.nn.Sequential;
import io.neurite.optim.GradientClipping;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mini-batch training loop. Each epoch visits every training sample once, in an order reshuffled every
 * epoch from one seeded generator (so a seed fixes the whole run), and for each batch:
 * <pre>
 *   zeroGrad → forward(x, training) → loss and its gradient → backward → optimizer.step
 * </pre>
 * The batches are copied from {@link Samples} into tensors reused from batch to batch, so after the first
 * batch of each size a training step allocates no tensor. The last batch of an epoch may be smaller.
 *
 * <p>After each epoch the loss and accuracy means over the epoch's samples (as the model was while it
 * trained) go into the {@link History} as {@code loss} and {@code accuracy}, and, when validation samples are
 * given, {@code val_loss} and {@code val_accuracy} of the model at the end of the epoch. A non-finite
 * training loss stops the run at once with a {@link TrainingDivergedException} naming the epoch and batch.
 * {@link TrainingListener}s see every epoch and batch and may stop the run (see {@link EarlyStopping}).
 *
 * <p>A run can be continued from a checkpoint (a model file saved with the optimizer and a
 * {@link TrainingPosition}, e.g. by {@code io.neurite.io.Checkpoint}) with {@link Builder#startEpoch(int)}: the
 * shuffles of the earlier epochs are replayed (without training), so the continued run visits exactly the
 * batches the uninterrupted run would have visited.
 *
 * <p>A Trainer holds the loss's and its own buffers: use it from one thread at a time.
 */
public final class Trainer {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int startEpoch;
    private final GradientClipping clipping;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Samples validation;
    private final List<TrainingListener> listeners;
    private final boolean stopOnNonFiniteLoss;

    private final BufferCache buffers = new BufferCache();
    private float[] xScratch = new float[0];
    private float[] yScratch = new float[0];

    private Trainer(Builder b) {
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.startEpoch = b.startEpoch;
        this.clipping = b.clipping;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.validation = b.validation;
        this.listeners = List.copyOf(b.listeners);
        this.stopOnNonFiniteLoss = b.stopOnNonFiniteLoss;
    }

    /** A builder for a loop minimising {@code loss} with {@code optimizer}. */
    public static Builder builder(Loss loss, Optimizer optimizer) {
        return new Builder(loss, optimizer);
    }

    /** Settings of a {@link Trainer}; defaults: 10 epochs, batches of 32, shuffled with seed 0. */
    public static final class Builder {
        private final Loss loss;
        private final Optimizer optimizer;
        private int epochs = 10;
        private int startEpoch = 1;
        private GradientClipping clipping;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private Samples validation;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private boolean stopOnNonFiniteLoss = true;

        private Builder(Loss loss, Optimizer optimizer) {
            this.loss = Objects.requireNonNull(loss, "loss");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        /** The last epoch to run (counting from 1), so the number of epochs of a run from epoch 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be at least 1 but was " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * The first epoch to run (default 1). {@code epochs(10).startEpoch(6)} runs epochs 6 to 10 with the
         * shuffles of those epochs, as the second half of a 10-epoch run continued from the model and optimizer
         * saved after epoch 5. Listeners and the {@link History} see the epochs by their numbers, 6 to 10.
         */
        public Builder startEpoch(int startEpoch) {
            if (startEpoch < 1) {
                throw new IllegalArgumentException("Trainer: startEpoch counts from 1 but was " + startEpoch);
            }
            this.startEpoch = startEpoch;
            return this;
        }

        /**
         * Clips the gradients after every backward pass, before the optimizer's step, e.g.
         * {@code GradientClipping.byGlobalNorm(1.0)} (default: none).
         */
        public Builder clipping(GradientClipping clipping) {
            this.clipping = Objects.requireNonNull(clipping, "clipping");
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("Trainer: batchSize must be at least 1 but was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of the shuffling order (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to reshuffle the samples every epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Samples evaluated after every epoch as {@code val_loss} and {@code val_accuracy}. */
        public Builder validation(Samples validation) {
            this.validation = Objects.requireNonNull(validation, "validation");
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Whether a NaN or infinite training loss stops training with an error (default true). */
        public Builder stopOnNonFiniteLoss(boolean stop) {
            this.stopOnNonFiniteLoss = stop;
            return this;
        }

        public Trainer build() {
            if (startEpoch > epochs) {
                throw new IllegalArgumentException("Trainer: startEpoch " + startEpoch + " is after the last epoch "
                        + epochs + "; there would be nothing to train (epochs(n) is the last epoch, not a count)");
            }
            return new Trainer(this);
        }
    }

    /** Trains {@code model} on {@code train} and returns what each epoch recorded. */
    public History fit(Sequential model, Samples train) {
        checkCompatible("training", model, train);
        if (validation != null) {
            checkCompatible("validation", model, validation);
        }
        int n = train.size();
        int batches = (n + batchSize - 1) / batchSize;
        History history = new History();
        TrainingContext context = new TrainingContext(model, optimizer, history, epochs, batches, n, seed, shuffle,
                batchSize);
        SeededRandom random = new SeededRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // The order of an epoch is the earlier epochs' order shuffled once more: replay those shuffles.
            for (int epoch = 1; epoch < startEpoch; epoch++) {
                random.shuffle(order);
            }
        }
        try {
            listeners.forEach(l -> l.onTrainBegin(context));
            for (int epoch = startEpoch; epoch <= epochs; epoch++) {
                int e = epoch;
                listeners.forEach(l -> l.onEpochBegin(context, e));
                long start = System.nanoTime();
                if (shuffle) {
                    random.shuffle(order);
                }
                double lossSum = 0;
                double accuracySum = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int count = Math.min(batchSize, n - from);
                    double[] step = trainBatch(model, train, order, from, count, epoch, b + 1, batches);
                    lossSum += step[0] * count;
                    accuracySum += step[1] * count;
                    BatchEnd event = new BatchEnd(epoch, b + 1, batches, count, step[0], step[1],
                            lossSum / (from + count), accuracySum / (from + count), from + count);
                    listeners.forEach(l -> l.onBatchEnd(context, event));
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", lossSum / n);
                if (!Double.isNaN(accuracySum)) {
                    metrics.put("accuracy", accuracySum / n);
                }
                if (validation != null) {
                    Evaluation v = evaluate(model, validation);
                    metrics.put("val_loss", v.loss());
                    if (!Double.isNaN(v.accuracy())) {
                        metrics.put("val_accuracy", v.accuracy());
                    }
                }
                EpochRecord record = new EpochRecord(epoch, metrics, (System.nanoTime() - start) / 1e9);
                history.add(record);
                listeners.forEach(l -> l.onEpochEnd(context, record));
                if (context.stopRequested()) {
                    history.stopReason(context.stopReason());
                    break;
                }
            }
        } catch (RuntimeException | Error ex) {
            history.stopReason("failed: " + ex.getMessage());
            throw ex;
        } finally {
            listeners.forEach(l -> l.onTrainEnd(context, history));
        }
        return history;
    }

    /** One optimisation step on samples {@code order[from .. from + count)}; returns {loss, accuracy}. */
    private double[] trainBatch(Sequential model, Samples data, int[] order, int from, int count,
                                int epoch, int batch, int batches) {
        Backend backend = model.backend();
        int xs = count * data.sampleShape().size();
        int ys = count * data.targetShape().size();
        if (xScratch.length < xs) {
            xScratch = new float[xs];
        }
        if (yScratch.length < ys) {
            yScratch = new float[ys];
        }
        data.gather(order, from, count, xScratch, yScratch);
        Tensor x = buffers.get("x", backend, Samples.batchShape(data.sampleShape(), count)).copyFrom(xScratch, 0);
        Tensor y = buffers.get("y", backend, Samples.batchShape(data.targetShape(), count)).copyFrom(yScratch, 0);

        model.zeroGrad();
        Tensor out = model.forward(x, true);
        Tensor grad = buffers.get("grad", backend, out.shape());
        float value = loss.lossAndGradient(out, y, grad);
        if (stopOnNonFiniteLoss && !Float.isFinite(value)) {
            throw new TrainingDivergedException(epoch, batch, batches, value, optimizer.currentLearningRate());
        }
        double accuracy = loss.accuracy(out, y);
        model.backward(grad, false);
        if (clipping != null) {
            clipping.clip(model.parameters());
        }
        optimizer.step(model.parameters());
        return new double[] {value, accuracy};
    }

    /**
     * The mean loss and accuracy of {@code model} on {@code samples}, by inference in batches of this
     * trainer's batch size (no gradients, no training state touched).
     */
    public Evaluation evaluate(Sequential model, Samples samples) {
        checkCompatible("evaluation", model, samples);
        int n = samples.size();
        Backend backend = model.backend();
        double lossSum = 0;
        double accuracySum = 0;
        int chunk = Math.max(batchSize, 256);
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            Tensor out = model.predict(samples.featuresTensor(backend, from, count));
            Tensor y = samples.targetsTensor(backend, from, count);
            lossSum += (double) loss.loss(out, y) * count;
            accuracySum += loss.accuracy(out, y) * count;
        }
        return new Evaluation(lossSum / n, accuracySum / n);
    }

    private static void checkCompatible(String what, Sequential model, Samples samples) {
        if (!samples.sampleShape().equals(model.inputShape())) {
            throw new IllegalArgumentException("Trainer: the " + what + " samples have per-sample shape "
                    + samples.sampleShape() + " but the model takes " + model.inputShape());
        }
        Shape out = model.outputShape();
        if (!samples.targetShape().equals(out)) {
            throw new IllegalArgumentException("Trainer: the " + what + " targets have per-sample shape "
                    + samples.targetShape() + " but the model outputs " + out
                    + (samples.classes() > 0 ? "; the last layer needs " + samples.classes() + " outputs, one per class"
                    : ""));
        }
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }
}
