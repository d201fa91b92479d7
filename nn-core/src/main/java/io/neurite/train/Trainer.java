package io.neurite.train;

import io.neurite.data.Batch;
import io.neurite.data.Augmentation;
import io.neurite.data.Batches;
import io.neurite.data.Dataset;
import io.neurite.loss.Loss;
import io.neurite.nn.BufferCache;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.GradientClipping;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mini-batch training loop, for any model that is a {@link Layer} ({@link Sequential} included). Epochs
 * count from 1; epoch {@code e} takes its batches from {@link Batches#epoch(int) Batches.epoch(e)}, whose
 * order is a pure function of the seed and {@code e}, and for each batch:
 * <pre>
 *   zeroGrad → forward(x, training) → loss and its gradient → backward → [clipping] → optimizer.step
 * </pre>
 * {@link Batches} copies the samples into tensors reused from batch to batch, so after the first batch of
 * each size a training step allocates no tensor. The last batch of an epoch is kept even when smaller
 * ({@link Batches.LastBatch#KEEP}, the default; see {@link Builder#lastBatch}).
 *
 * <p>After each epoch the loss and accuracy means over the epoch's samples (as the model was while it
 * trained) go into the {@link History} as {@code loss} and {@code accuracy}, and, when a validation set is
 * given, {@code val_loss} and {@code val_accuracy} of the model at the end of the epoch. A non-finite
 * training loss stops the run at once with a {@link TrainingDivergedException} naming the epoch and batch.
 * {@link TrainingListener}s see every epoch and batch and may stop the run (see {@link EarlyStopping}).
 *
 * <p>Because every epoch's order depends only on {@code (seed, epoch)}, a run can be continued from a saved
 * model and optimizer with {@link Builder#startEpoch(int)}: it visits exactly the batches the uninterrupted
 * run would have visited. {@code io.neurite.io.Checkpoint} saves what that needs after every epoch.
 *
 * <p>A Trainer holds the loss's and its own buffers: use it from one thread at a time.
 */
public final class Trainer {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int startEpoch;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Batches.LastBatch lastBatch;
    private final Dataset validation;
    private final GradientClipping clipping;
    private final Augmentation augmentation;
    private final List<TrainingListener> listeners;
    private final boolean stopOnNonFiniteLoss;

    private static final long AUGMENT_SALT = 0x2545F4914F6CDD1DL;

    private final BufferCache buffers = new BufferCache();

    private Trainer(Builder b) {
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.startEpoch = b.startEpoch;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.lastBatch = b.lastBatch;
        this.validation = b.validation;
        this.clipping = b.clipping;
        this.augmentation = b.augmentation;
        this.listeners = List.copyOf(b.listeners);
        this.stopOnNonFiniteLoss = b.stopOnNonFiniteLoss;
    }

    /** A builder for a loop minimising {@code loss} with {@code optimizer}. */
    public static Builder builder(Loss loss, Optimizer optimizer) {
        return new Builder(loss, optimizer);
    }

    /**
     * Settings of a {@link Trainer}; defaults: epochs 1 to 10, batches of 32 with a kept smaller last batch,
     * shuffled with seed 0, no gradient clipping, the NaN guard on.
     */
    public static final class Builder {
        private final Loss loss;
        private final Optimizer optimizer;
        private int epochs = 10;
        private int startEpoch = 1;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private Batches.LastBatch lastBatch = Batches.LastBatch.KEEP;
        private Dataset validation;
        private GradientClipping clipping;
        private Augmentation augmentation;
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

        /** What to do with a smaller last batch (default {@link Batches.LastBatch#KEEP}). */
        public Builder lastBatch(Batches.LastBatch lastBatch) {
            this.lastBatch = Objects.requireNonNull(lastBatch, "lastBatch");
            return this;
        }

        /** A data set evaluated after every epoch as {@code val_loss} and {@code val_accuracy}. */
        public Builder validation(Dataset validation) {
            this.validation = Objects.requireNonNull(validation, "validation");
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

        /**
         * Transforms every training sample as it is batched, e.g.
         * {@code ImageAugmentation.builder().maxShift(2).horizontalFlip().build()} (default: none). Its randomness
         * follows the seed, the epoch and the batch, so runs stay reproducible and resume exactly. Validation is
         * not augmented.
         */
        public Builder augment(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
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

    /**
     * Trains {@code model} on {@code train} for epochs {@code startEpoch .. epochs} and returns what each epoch
     * recorded. The samples' shape must be what the model takes ({@link Dataset#flat()} turns images into the
     * vectors a Dense layer takes) and their targets what it outputs.
     */
    public History fit(Layer model, Dataset train) {
        Backend backend = backendOf(model);
        checkCompatible("training", model, train);
        if (validation != null) {
            checkCompatible("validation", model, validation);
        }
        Batches.Builder batching = Batches.builder(train, backend).batchSize(batchSize).lastBatch(lastBatch);
        if (augmentation != null) {
            // A seed of its own, so that augmenting does not correlate with the shuffle of the same epoch.
            batching.augment(augmentation, seed ^ AUGMENT_SALT);
        }
        Batches batches = (shuffle ? batching.shuffle(seed) : batching.inOrder()).build();
        int batchesPerEpoch = batches.batchesPerEpoch();
        int samplesPerEpoch = batches.samplesPerEpoch();
        List<Parameter> parameters = model.parameters();
        History history = new History();
        TrainingContext context = new TrainingContext(model, optimizer, history, epochs, batchesPerEpoch,
                samplesPerEpoch, seed, shuffle, batchSize);
        try {
            listeners.forEach(l -> l.onTrainBegin(context));
            for (int epoch = startEpoch; epoch <= epochs; epoch++) {
                int e = epoch;
                listeners.forEach(l -> l.onEpochBegin(context, e));
                long start = System.nanoTime();
                double lossSum = 0;
                double accuracySum = 0;
                int seen = 0;
                for (Batch batch : batches.epoch(epoch)) {
                    double[] step = trainBatch(model, parameters, batch, epoch, batchesPerEpoch);
                    int count = batch.size();
                    seen += count;
                    lossSum += step[0] * count;
                    accuracySum += step[1] * count;
                    BatchEnd event = new BatchEnd(epoch, batch.index() + 1, batchesPerEpoch, count, step[0], step[1],
                            lossSum / seen, accuracySum / seen, seen);
                    listeners.forEach(l -> l.onBatchEnd(context, event));
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("loss", lossSum / seen);
                if (!Double.isNaN(accuracySum)) {
                    metrics.put("accuracy", accuracySum / seen);
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

    /** One optimisation step on {@code batch}; returns {loss, accuracy}. */
    private double[] trainBatch(Layer model, List<Parameter> parameters, Batch batch, int epoch, int batches) {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
        Tensor out = model.forward(batch.features(), true);
        Tensor target = batch.targets();
        Tensor grad = buffers.get("grad", out.backend(), out.shape());
        float value = loss.lossAndGradient(out, target, grad);
        if (stopOnNonFiniteLoss && !Float.isFinite(value)) {
            throw new TrainingDivergedException(epoch, batch.index() + 1, batches, value,
                    optimizer.currentLearningRate());
        }
        // A diverged batch (only seen with the NaN guard off) counts as all wrong: accuracy rejects NaN scores.
        double accuracy = Float.isFinite(value) ? loss.accuracy(out, target) : 0;
        model.backward(grad, false);
        if (clipping != null) {
            clipping.clip(parameters);
        }
        optimizer.step(parameters);
        return new double[] {value, accuracy};
    }

    /**
     * The mean loss and accuracy of {@code model} on {@code data}, by inference in batches of at least this
     * trainer's batch size (no gradients, no training state touched); accuracy is NaN for a loss without one.
     */
    public Evaluation evaluate(Layer model, Dataset data) {
        Backend backend = backendOf(model);
        checkCompatible("evaluation", model, data);
        Batches batches = Batches.builder(data, backend).batchSize(Math.min(Math.max(batchSize, 256), data.size()))
                .inOrder().build();
        double lossSum = 0;
        double accuracySum = 0;
        for (Batch batch : batches.epoch(1)) {
            Tensor out = model.forward(batch.features(), false);
            Tensor y = batch.targets();
            lossSum += (double) loss.loss(out, y) * batch.size();
            accuracySum += loss.accuracy(out, y) * batch.size();
        }
        return new Evaluation(lossSum / data.size(), accuracySum / data.size());
    }

    /** A {@link Sequential}'s backend, else the backend of the (built) layer's parameters. */
    private static Backend backendOf(Layer model) {
        Objects.requireNonNull(model, "model");
        if (model instanceof Sequential sequential) {
            return sequential.backend();
        }
        List<Parameter> parameters = model.parameters();
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Trainer: the model " + model + " has no trainable parameters (or is"
                    + " not built yet); build it first with build(backend, inputShape), or wrap it in a Sequential");
        }
        return parameters.get(0).value().backend();
    }

    private static void checkCompatible(String what, Layer model, Dataset data) {
        Shape sample = data.sampleShape();
        Shape out;
        if (model instanceof Sequential sequential) {
            Shape in = sequential.inputShape();
            if (!sample.equals(in)) {
                String hint = sample.size() != in.size() ? ""
                        : in.rank() == 1 ? "; pass data.flat() for a model that takes vectors"
                        : "; pass data.reshape(Shape.of(" + in.toString().replaceAll("[\\[\\]]", "") + "))";
                throw new IllegalArgumentException("Trainer: the " + what + " samples have per-sample shape "
                        + sample + " but the model takes " + in + hint);
            }
            out = sequential.outputShape();
        } else {
            out = model.outputShape(sample);
        }
        if (!data.targetShape().equals(out)) {
            throw new IllegalArgumentException("Trainer: the " + what + " targets have per-sample shape "
                    + data.targetShape() + " but the model outputs " + out
                    + (data.isClassification() ? "; the last layer needs " + data.numClasses()
                    + " outputs, one per class" : ""));
        }
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }
}
