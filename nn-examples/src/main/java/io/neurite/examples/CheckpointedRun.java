package io.neurite.examples;

import io.neurite.data.Normalizer;
import io.neurite.io.Checkpoint;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Backend;
import io.neurite.train.TrainingPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --checkpoint FILE} and {@code --resume FILE} of the training commands. A checkpoint is a model file
 * with the optimizer, the training position and the run's settings (the data, the model, the seed, the
 * optimizer with its schedule, the batch size) in its metadata; a resume loads it, checks those settings and
 * the data's normalisation against what the command line asks for, and continues with the next epoch — exactly
 * as the uninterrupted run would have (see {@link io.neurite.io.Checkpoint}).
 */
final class CheckpointedRun {
    private static final String PREFIX = "run.";
    /** For each setting, the options that change it. */
    private static final Map<String, String> OPTIONS = Map.of(
            "data", "the same data files and --validation",
            "model", "--hidden and --dropout",
            "seed", "--seed",
            "optimizer", "--optimizer, --lr, --schedule, --weight-decay, --epochs and --batch-size",
            "batchSize", "--batch-size");

    /** A checkpoint loaded for this run: the model and optimizer to continue, and where to continue. */
    record Resumed(Sequential model, Optimizer optimizer, TrainingPosition position) {
    }

    private CheckpointedRun() {
    }

    /** What a checkpoint of this run records and a resume compares, in the order differences are reported. */
    static Map<String, String> settings(String dataName, int trainingSamples, int validationSamples, Sequential model,
                                        Optimizer optimizer, long seed, int batchSize) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("data", dataName + ", " + trainingSamples + " training and " + validationSamples + " validation samples");
        s.put("model", model.inputShape() + " " + model.layers());
        s.put("seed", Long.toString(seed));
        s.put("optimizer", optimizer.toString());
        s.put("batchSize", Integer.toString(batchSize));
        return s;
    }

    /** The listener writing {@code file} after every epoch, with what {@link #resume} needs. */
    static Checkpoint checkpoint(Path file, Map<String, String> settings, Normalizer normalizer,
                                 List<String> classNames, String commandLine) {
        return new Checkpoint(file, writer -> {
            writer.normalizer(normalizer).classNames(classNames).metadata("command", commandLine);
            settings.forEach((k, v) -> writer.metadata(PREFIX + k, v));
        });
    }

    /**
     * The checkpoint in {@code file}, if it matches this run's settings and normalisation and has epochs left
     * before {@code lastEpoch}; otherwise an {@link IllegalArgumentException} saying what differs.
     */
    static Resumed resume(Path file, Backend backend, Map<String, String> settings, Normalizer normalizer,
                          int lastEpoch) throws IOException {
        SavedModel saved = ModelFile.read(file, backend);
        String what = "--resume " + file;
        TrainingPosition position = saved.training().orElseThrow(() -> new IllegalArgumentException(what
                + ": the file is a saved model, not a checkpoint (it holds no training position); write checkpoints"
                + " with --checkpoint FILE"));
        Optimizer optimizer = saved.optimizer().orElseThrow(() -> new IllegalArgumentException(what
                + ": the checkpoint holds no optimizer that can be rebuilt; write checkpoints with --checkpoint FILE"));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String before = saved.metadata().get(PREFIX + e.getKey());
            if (!e.getValue().equals(before)) {
                differences.add(e.getKey() + ": the checkpoint has " + (before == null ? "nothing recorded" : before)
                        + " but this run has " + e.getValue() + " (set by " + OPTIONS.get(e.getKey()) + ")");
            }
        }
        Normalizer before = saved.normalizer().orElse(null);
        if (before == null || !Arrays.equals(before.shift(), normalizer.shift())
                || !Arrays.equals(before.scale(), normalizer.scale())) {
            differences.add("data: the normalisation fitted on this run's training data differs from the"
                    + " checkpoint's, so the training data are not the same (give the data files the checkpoint was"
                    + " trained on)");
        }
        if (!differences.isEmpty()) {
            String command = saved.metadata().get("command");
            throw new IllegalArgumentException(what + " does not match this run:\n  " + String.join("\n  ", differences)
                    + "\nresume with the options the checkpoint was written with"
                    + (command == null ? "" : " (it was written by: " + command + ")"));
        }
        if (position.epoch() >= lastEpoch) {
            throw new IllegalArgumentException(what + ": the checkpoint has completed epoch " + position.epoch()
                    + " and --epochs is " + lastEpoch + ", so there is nothing left to train; ask for more epochs (a"
                    + " cosine or step schedule spans the epochs it was made for, so only a constant one can be"
                    + " extended)");
        }
        return new Resumed(saved.model(), optimizer, position);
    }
}
