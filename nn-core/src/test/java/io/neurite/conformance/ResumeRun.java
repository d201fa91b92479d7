package io.neurite.conformance;

import io.neurite.data.Dataset;
import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.GradientClipping;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.optim.schedule.Schedules;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.train.Trainer;
import io.neurite.train.TrainingListener;
import io.neurite.train.TrainingPosition;
import java.nio.file.Path;

/**
 * The run the exact-resume test interrupts: an MLP with two Dropout layers on 3-class spirals, Adam on a
 * cosine schedule over the whole run, gradients clipped to a global norm of 0.5, batches of 16 (the last one
 * smaller), {@value #EPOCHS} epochs. {@link #main} is the second half in a fresh JVM: it loads the checkpoint,
 * trains the remaining epochs and saves the result.
 */
final class ResumeRun {
    static final int EPOCHS = 10;
    static final int BATCH = 16;
    static final long SHUFFLE_SEED = 77;
    static final double MAX_NORM = 0.5;

    private ResumeRun() {
    }

    static Dataset data() {
        return ToyData.spirals(3, 50, 3);
    }

    static Sequential model(Backend b) {
        return Sequential.of(b, Shape.of(2),
                new Dense(2, 32, Initializer.heNormal(1)), new ReLU(), new Dropout(0.2f, 9),
                new Dense(32, 32, Initializer.heNormal(2)), new ReLU(), new Dropout(0.1f, 10),
                new Dense(32, 3, Initializer.xavierUniform(3)));
    }

    static Optimizer optimizer() {
        int batches = (data().size() + BATCH - 1) / BATCH;
        return Optimizers.adam(Schedules.cosineDecay(0.02, (long) batches * EPOCHS, 1e-4));
    }

    /** The first epochs of the run, or the whole run with {@code lastEpoch == EPOCHS}. */
    static Trainer.Builder trainer(Optimizer optimizer, int lastEpoch, GradientClipping clipping,
                                   TrainingListener... listeners) {
        Trainer.Builder t = Trainer.builder(new SoftmaxCrossEntropy(), optimizer).epochs(lastEpoch).batchSize(BATCH)
                .seed(SHUFFLE_SEED).clipping(clipping);
        for (TrainingListener l : listeners) {
            t.listener(l);
        }
        return t;
    }

    /** {@code main(checkpoint, result)}: the rest of the run from the checkpoint, on {@code -Dneurite.backend}. */
    public static void main(String[] args) throws Exception {
        Backend backend = Backends.get();
        SavedModel saved = ModelFile.read(Path.of(args[0]), backend);
        TrainingPosition at = saved.training().orElseThrow();
        Optimizer optimizer = saved.optimizer().orElseThrow();
        Trainer.builder(new SoftmaxCrossEntropy(), optimizer).epochs(EPOCHS).startEpoch(at.nextEpoch())
                .seed(at.seed()).shuffle(at.shuffle()).batchSize(at.batchSize())
                .clipping(GradientClipping.byGlobalNorm(MAX_NORM))
                .build().fit(saved.model(), data());
        ModelFile.writer(saved.model()).optimizer(optimizer).save(Path.of(args[1]));
    }
}
