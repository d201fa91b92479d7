package io.neurite.train;

import io.neurite.nn.Parameter;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stops training when a metric has not improved for {@code patience} epochs, and optionally puts back the
 * weights of the best epoch (as Keras's {@code EarlyStopping}).
 *
 * <p>An epoch improves on the best so far if, in {@link Mode#MIN} mode, {@code value < best − minDelta}
 * (in {@link Mode#MAX} mode, {@code value > best + minDelta}). The direction is always explicit: nothing is
 * guessed from the metric's name. A NaN value never improves. The weights are snapshotted into tensors
 * allocated once and restored in {@link #onTrainEnd}, so the model's parameter objects stay the same.
 */
public final class EarlyStopping implements TrainingListener {

    /** Whether smaller ({@code MIN}, e.g. a loss) or larger ({@code MAX}, e.g. an accuracy) is better. */
    public enum Mode { MIN, MAX }

    private final String metric;
    private final Mode mode;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;

    private double best;
    private int bestEpoch;
    private int waited;
    private List<Tensor> snapshot;

    /**
     * @param metric             an {@link EpochRecord} metric, e.g. {@code val_loss}
     * @param mode               the direction of improvement
     * @param patience           epochs without improvement before stopping, at least 1
     * @param minDelta           the smallest change that counts as an improvement, {@code >= 0}
     * @param restoreBestWeights put back the best epoch's weights when training ends
     */
    public EarlyStopping(String metric, Mode mode, int patience, double minDelta, boolean restoreBestWeights) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (patience < 1) {
            throw new IllegalArgumentException("EarlyStopping: patience must be at least 1 epoch but was " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite and >= 0 but was " + minDelta
                    + " (the direction is given by the mode)");
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
    }

    public String metric() {
        return metric;
    }

    public Mode mode() {
        return mode;
    }

    /** The best value seen (NaN before the first epoch). */
    public double best() {
        return best;
    }

    /** The 1-based epoch of the best value (0 before the first epoch). */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = Double.NaN;
        bestEpoch = 0;
        waited = 0;
        snapshot = null;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        double value = record.metric(metric);
        if (improves(value)) {
            best = value;
            bestEpoch = record.epoch();
            waited = 0;
            if (restoreBestWeights) {
                save(context.model().parameters());
            }
            return;
        }
        waited++;
        if (waited >= patience) {
            context.requestStop(String.format("early stopping: %s did not improve by more than %s for %d epoch(s);"
                    + " best %.6g at epoch %d", metric, minDelta, patience, best, bestEpoch));
        }
    }

    private boolean improves(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
    }

    private void save(List<Parameter> parameters) {
        if (snapshot == null) {
            snapshot = new ArrayList<>();
            for (Parameter p : parameters) {
                snapshot.add(p.value().copy());
            }
            return;
        }
        for (int i = 0; i < parameters.size(); i++) {
            snapshot.get(i).copyFrom(parameters.get(i).value());
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        if (restoreBestWeights && snapshot != null && bestEpoch != history.last().epoch()) {
            List<Parameter> parameters = context.model().parameters();
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).value().copyFrom(snapshot.get(i));
            }
        }
    }

    @Override
    public String toString() {
        return "EarlyStopping(" + metric + ", " + mode + ", patience " + patience + ", minDelta " + minDelta
                + (restoreBestWeights ? ", restore best weights" : "") + ")";
    }
}
