package io.neurite.io;

import io.neurite.nn.Sequential;
import io.neurite.train.EpochRecord;
import io.neurite.train.TrainingContext;
import io.neurite.train.TrainingListener;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link TrainingListener} that saves a checkpoint after every epoch: the model, the optimizer (with its
 * hyper-parameters, schedule and state) and the {@link io.neurite.train.TrainingPosition}, in one model file
 * written atomically — a crash during the save leaves the previous epoch's checkpoint intact. Resume with
 * <pre>{@code
 * SavedModel saved = ModelFile.read(file, backend);
 * TrainingPosition at = saved.training().orElseThrow();
 * Trainer.builder(loss, saved.optimizer().orElseThrow()).epochs(lastEpoch).startEpoch(at.nextEpoch())
 *        .seed(at.seed()).shuffle(at.shuffle()).batchSize(at.batchSize()) ... .build().fit(saved.model(), data);
 * }</pre>
 * which computes bit for bit what the uninterrupted run would have computed, on the same backend.
 */
public final class Checkpoint implements TrainingListener {
    private final Path file;
    private final Consumer<ModelFile.Writer> extras;

    /** Checkpoints to {@code file}, replacing it every epoch. */
    public Checkpoint(Path file) {
        this(file, writer -> {
        });
    }

    /**
     * Checkpoints to {@code file}, adding what {@code extras} puts on the writer (a normalizer, class names,
     * metadata, codecs for custom layers).
     */
    public Checkpoint(Path file, Consumer<ModelFile.Writer> extras) {
        this.file = Objects.requireNonNull(file, "file");
        this.extras = Objects.requireNonNull(extras, "extras");
    }

    private static Sequential sequential(TrainingContext context) {
        if (context.model() instanceof Sequential model) {
            return model;
        }
        throw new IllegalArgumentException("Checkpoint: the model being trained is " + context.model()
                + ", but a model file holds a Sequential; train a Sequential (it may contain this layer) to checkpoint"
                + " it");
    }

    /** The file written after every epoch. */
    public Path file() {
        return file;
    }

    /** Fails before the first epoch, rather than after it, for a model that a model file cannot hold. */
    @Override
    public void onTrainBegin(TrainingContext context) {
        sequential(context);
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        ModelFile.Writer writer = ModelFile.writer(sequential(context)).optimizer(context.optimizer())
                .training(context.position(record.epoch()));
        extras.accept(writer);
        try {
            writer.save(file);
        } catch (ModelFileException e) {
            throw new UncheckedIOException("checkpoint after epoch " + record.epoch() + " failed: " + e.getMessage(), e);
        }
    }
}
