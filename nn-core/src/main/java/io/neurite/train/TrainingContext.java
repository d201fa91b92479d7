package io.neurite.train;

import io.neurite.nn.Layer;
import io.neurite.optim.Optimizer;

/**
 * What a {@link TrainingListener} sees of a running {@link Trainer#fit}: the model, the optimizer, the
 * history so far and the run's settings, and a way to stop after the current epoch.
 */
public final class TrainingContext {
    private final Layer model;
    private final Optimizer optimizer;
    private final History history;
    private final int epochs;
    private final int batchesPerEpoch;
    private final int trainingSamples;
    private String stopReason;

    TrainingContext(Layer model, Optimizer optimizer, History history, int epochs, int batchesPerEpoch,
                    int trainingSamples) {
        this.model = model;
        this.optimizer = optimizer;
        this.history = history;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.trainingSamples = trainingSamples;
    }

    /** The model being trained (a {@link io.neurite.nn.Sequential} when one was passed to {@code fit}). */
    public Layer model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public History history() {
        return history;
    }

    /** The number of epochs asked for. */
    public int epochs() {
        return epochs;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int trainingSamples() {
        return trainingSamples;
    }

    /** Ends training after the current epoch; {@code reason} becomes {@link History#stopReason()}. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }
}
