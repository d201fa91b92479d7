package io.neurite.io;

import io.neurite.data.Normalizer;
import io.neurite.nn.Sequential;
import io.neurite.optim.OptimizerState;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a model file held, loaded and checked: the model (built on the backend asked for), and what was
 * saved with it. To resume training, build the same kind of optimizer with the same hyper-parameters and call
 * {@code optimizer.loadState(saved.optimizerState().get(), saved.model().parameters())}.
 *
 * @param file                 where it was read from
 * @param formatVersion        the file's format version
 * @param model                the model, its parameters holding the saved values
 * @param optimizerState       the optimizer's step count and state tensors (on the model's backend), if saved
 * @param optimizerDescription the optimizer's {@code toString()} at save time (its hyper-parameters), if saved
 * @param normalizer           the input normalisation, if saved
 * @param classNames           one name per output class, or empty
 * @param metadata             free-form strings saved with the model, in their saved order
 */
public record SavedModel(Path file, int formatVersion, Sequential model, Optional<OptimizerState> optimizerState,
                         Optional<String> optimizerDescription, Optional<Normalizer> normalizer,
                         List<String> classNames, Map<String, String> metadata) {

    public SavedModel {
        classNames = List.copyOf(classNames);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
