package io.neurite.io;

import io.neurite.data.Normalizer;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Backend;
import io.neurite.train.TrainingPosition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saves a trained {@link Sequential} to one file and loads it back, on the same or another backend.
 *
 * <pre>{@code
 * ModelFile.save(Path.of("mlp.zip"), model);                            // architecture + weights
 * ModelFile.writer(model).optimizer(adam).normalizer(norm)
 *          .classNames(FashionMnist.CLASS_NAMES).save(Path.of("mlp.zip")); // + what resuming/serving needs
 * Sequential same = ModelFile.load(Path.of("mlp.zip"), Backends.get("nd4j"));
 * SavedModel all = ModelFile.read(Path.of("mlp.zip"), backend);           // model, optimizer state, ...
 * }</pre>
 *
 * <h2>The file</h2>
 * A zip archive with
 * <ul>
 *   <li>{@value #DESCRIPTION_ENTRY}: {@code "format": "neurite-model"}, {@code "formatVersion"}, and
 *     <ul>
 *       <li>{@code model}: the input shape, every layer's {@code type}, {@code config} (its hyper-parameters, see
 *           {@link LayerCodec}) and {@code outputShape} (a nested {@code Sequential} has a {@code model}
 *           instead of a config), and the output shape;</li>
 *       <li>{@code parameters}: each parameter's model-wide name ({@code 0.weight}, {@code 3.0.bias}) → its
 *           entry;</li>
 *       <li>{@code entries}: for each {@code .npy} entry its shape, dtype ({@code float32}) and SHA-256;</li>
 *       <li>optional: {@code optimizer} ({@code type}, {@code iterations}, {@code description} — its
 *           {@code toString()} — and {@code state}: {@code "<parameter>/<slot>"} → entry), {@code normalizer}
 *           ({@code shift}, {@code scale} → entries), {@code classNames}, {@code metadata} (strings).</li>
 *     </ul>
 *   </li>
 *   <li>one NumPy {@code .npy} entry per tensor (version 1.0, little-endian float32, C order):
 *       {@code parameters/0.weight.npy}, {@code buffers/1.running_mean.npy}, {@code optimizer/0.weight/exp_avg.npy},
 *       {@code normalizer/shift.npy}, ... In Python:
 *       {@code numpy.load(zipfile.ZipFile("mlp.zip").open("parameters/0.weight.npy"))}.</li>
 * </ul>
 * A Dense weight is stored {@code [in, out]} as Neurite holds it (the transpose of PyTorch's layout).
 *
 * <h2>Versions</h2>
 * <ul>
 *   <li><b>1</b>: the fields above.</li>
 *   <li><b>2</b> (written since format 2 exists) adds {@code buffers} (each buffer's model-wide name → entry,
 *       e.g. BatchNorm's running statistics), a layer's {@code state} (run-time state that is neither parameter
 *       nor buffer: Dropout's generator position {@code {"random": ...}}), the optimizer's {@code config}
 *       (hyper-parameters) and {@code schedule} (e.g. {@code {"type": "cosineDecay", "initialLr": 0.001,
 *       "decaySteps": 6330, "minLr": 0.0}}), restored as objects ({@link SavedModel#optimizer()}), and
 *       {@code training} ({@code epoch}, {@code seed}, {@code shuffle}, {@code batchSize},
 *       {@code trainingSamples}: see {@link TrainingPosition}).</li>
 * </ul>
 * Every version up to {@link #FORMAT_VERSION} loads; a newer one is refused with a message saying to upgrade,
 * and a field that the file's version does not have is refused as damage.
 *
 * <h2>Guarantees</h2>
 * Saving is atomic ({@code AtomicFile}): a failed or interrupted save leaves the previous file intact.
 * Loading checks everything before it builds anything — zip structure, the description's format, version
 * and fields, that the entries are exactly those listed, each entry's CRC-32 and SHA-256, each array's
 * header and shape against the description and the architecture — so a truncated, corrupted, foreign or
 * newer-version file fails with a {@link ModelFileException} and no half-loaded model is ever returned.
 */
public final class ModelFile {
    /** The {@code "format"} value of every Neurite model file. */
    public static final String FORMAT = "neurite-model";
    /** The format version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    /** The zip entry holding the JSON description. */
    public static final String DESCRIPTION_ENTRY = "model.json";
    /** The {@code "type"} of a nested {@link Sequential} in the description. */
    static final String SEQUENTIAL_TYPE = "Sequential";

    private ModelFile() {
    }

    /** Saves {@code model}'s architecture and weights to {@code file}, atomically replacing any existing file. */
    public static void save(Path file, Sequential model) throws ModelFileException {
        writer(model).save(file);
    }

    /** As {@link #save(Path, Sequential)}, plus {@code optimizer}'s state so that training can resume. */
    public static void save(Path file, Sequential model, Optimizer optimizer) throws ModelFileException {
        writer(model).optimizer(optimizer).save(file);
    }

    /** A writer for {@code model}, to add optional content before {@link Writer#save}. */
    public static Writer writer(Sequential model) {
        return new Writer(model);
    }

    /** The model in {@code file}, built on {@code backend}; see {@link #read} for the rest of the file. */
    public static Sequential load(Path file, Backend backend) throws ModelFileException {
        return read(file, backend).model();
    }

    /** Everything in {@code file}, with the model and the optimizer state on {@code backend}. */
    public static SavedModel read(Path file, Backend backend) throws ModelFileException {
        return read(file, backend, LayerCodecs.standard());
    }

    /** As {@link #read(Path, Backend)}, knowing the layer types in {@code codecs}. */
    public static SavedModel read(Path file, Backend backend, LayerCodecs codecs) throws ModelFileException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(codecs, "codecs");
        return new ModelFileReader(file, backend, codecs).read();
    }

    /**
     * What to save with a model. The optimizer's state is exported when {@link #save} runs, so the file holds
     * the state of that moment.
     */
    public static final class Writer {
        final Sequential model;
        Optimizer optimizer;
        Normalizer normalizer;
        List<String> classNames = List.of();
        final Map<String, String> metadata = new LinkedHashMap<>();
        LayerCodecs codecs = LayerCodecs.standard();
        TrainingPosition training;

        private Writer(Sequential model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * Also save this optimizer: its step count and state tensors (it must support {@link Optimizer#state()})
         * and, for the optimizers and schedules of {@code io.neurite.optim}, its hyper-parameters and schedule,
         * so that {@link SavedModel#optimizer()} continues exactly where this one stands.
         */
        public Writer optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Also save the input normalisation, one value per input feature. */
        public Writer normalizer(Normalizer normalizer) {
            this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
            return this;
        }

        /** Also save a name for each output class, as many as the model has outputs. */
        public Writer classNames(List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            return this;
        }

        /** A free-form string saved with the model (data set, accuracy, command line, ...). */
        public Writer metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Also save where the training run stands, so that it can be resumed exactly (a checkpoint). */
        public Writer training(TrainingPosition position) {
            this.training = Objects.requireNonNull(position, "position");
            return this;
        }

        /** The layer codecs to describe the layers with (default {@link LayerCodecs#standard()}). */
        public Writer codecs(LayerCodecs codecs) {
            this.codecs = Objects.requireNonNull(codecs, "codecs");
            return this;
        }

        /** Writes the file, atomically replacing any existing one; on failure that one is unchanged. */
        public void save(Path file) throws ModelFileException {
            new ModelFileWriter(this, Objects.requireNonNull(file, "file")).write();
        }
    }
}
