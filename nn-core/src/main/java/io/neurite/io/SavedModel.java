package io.neurite.io;

import io.neurite.data.Normalizer;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.train.TrainingPosition;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a model file held, loaded and checked: the model (built on the backend asked for, with its
 * parameters, buffers and layers' run-time state), and what was saved with it. To resume training from a
 * format-2 file use {@link #optimizer()}, which continues exactly where the saved one stopped, and
 * {@link #training()}. A format-1 file holds only the optimizer's state and a text description: build the same
 * kind of optimizer with the same hyper-parameters and call
 * {@code optimizer.loadState(saved.optimizerState().get(), saved.model().parameters())}.
 *
 * @param file                 where it was read from
 * @param formatVersion        the file's format version
 * @param model                the model, its parameters and buffers holding the saved values
 * @param optimizerState       the optimizer's step count and state tensors (on the model's backend), if saved
 * @param optimizerDescription the optimizer's {@code toString()} at save time (its hyper-parameters), if saved
 * @param normalizer           the input normalisation, if saved
 * @param classNames           one name per output class, or empty
 * @param metadata             free-form strings saved with the model, in their saved order
 * @param optimizer            the optimizer rebuilt from its saved type, hyper-parameters and schedule, its state
 *                             loaded and bound to {@code model}'s parameters; empty for a format-1 file, or for
 *                             an optimizer or schedule the file could only describe as text
 * @param training             where the training run stood when the file was saved, if saved (format 2)
 */
public record SavedModel(Path file, int formatVersion, Sequential model, Optional<OptimizerState> optimizerState,
                         Optional<String> optimizerDescription, Optional<Normalizer> normalizer,
                         List<String> classNames, Map<String, String> metadata, Optional<Optimizer> optimizer,
                         Optional<TrainingPosition> training) {

    public SavedModel {
        classNames = List.copyOf(classNames);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
