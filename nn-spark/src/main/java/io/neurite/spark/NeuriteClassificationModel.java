package io.neurite.spark;

import io.neurite.discovery.Backends;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Neurite classifier as a Spark ML {@code Model}: {@code transform} adds {@code rawPrediction} (the
 * network's outputs, one per class), {@code probability} (their softmax) and {@code prediction} (the most
 * probable class, or as Spark's {@code thresholds} say).
 *
 * <p>It holds the network as Neurite model file bytes and builds it once per JVM on first use, on the backend it
 * was trained with; inference is thread-safe, so all of an executor's tasks share it. ML persistence writes the
 * usual Spark metadata plus the model file, {@code <path>/data/model.neurite.zip}, which
 * {@code io.neurite.io.ModelFile.load} (and the {@code neurite evaluate} command) read as they read any other.
 */
public final class NeuriteClassificationModel
        extends ProbabilisticClassificationModel<Vector, NeuriteClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    static final String MODEL_FILE = "data/model.neurite.zip";

    private final String uid;
    private final byte[] modelFile;
    private final Param<String> backend;
    private transient volatile Sequential network;
    private transient List<EpochReport> reports = List.of();

    NeuriteClassificationModel(String uid, byte[] modelFile) {
        this(UidDuringConstruction.set(uid), modelFile, true);
    }

    private NeuriteClassificationModel(String uid, byte[] modelFile, boolean marker) {
        this.uid = uid;
        UidDuringConstruction.clear();
        this.modelFile = modelFile;
        this.backend = new Param<>(this, "backend", "the Neurite backend to build the network on");
        setDefault(backend, "pure");
    }

    public Param<String> backend() {
        return backend;
    }

    /** The backend to run the network on in every JVM (by default {@code pure}). */
    public NeuriteClassificationModel setBackend(String value) {
        set(backend, value);
        network = null;
        return this;
    }

    /**
     * Spark's parameter traits create their {@code Param}s (which read {@code uid()}) while the superclass
     * constructor runs, before this class's fields are set; until then the uid comes from {@link UidDuringConstruction}.
     */
    @Override
    public String uid() {
        return uid != null ? uid : UidDuringConstruction.current();
    }

    @Override
    public int numClasses() {
        return network().outputShape().size();
    }

    @Override
    public int numFeatures() {
        return network().inputShape().size();
    }

    /** The trained network (built on this JVM's backend of the name it was trained with). */
    public Sequential network() {
        Sequential n = network;
        if (n == null) {
            synchronized (this) {
                n = network;
                if (n == null) {
                    n = ModelBytes.read(modelFile, Backends.get($(backend))).model();
                    network = n;
                }
            }
        }
        return n;
    }

    /** The bytes of the trained model's Neurite model file. */
    public byte[] modelFile() {
        return modelFile.clone();
    }

    /** What each epoch of the fit did (empty for a loaded model). */
    public List<EpochReport> reports() {
        return reports;
    }

    void setReports(List<EpochReport> reports) {
        this.reports = List.copyOf(reports);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        InputColumns.checkSchema(schema, $(featuresCol()), null, numFeatures(), numClasses());
        return super.transformSchema(schema);
    }

    @Override
    public Vector predictRaw(Vector features) {
        int numFeatures = numFeatures();
        if (features.size() != numFeatures) {
            throw new IllegalArgumentException(InputColumns.sizeMismatch($(featuresCol()), features.size(),
                    numFeatures, "in a row"));
        }
        Sequential n = network();
        float[] x = new float[numFeatures];
        for (int i = 0; i < numFeatures; i++) {
            x[i] = (float) features.apply(i);
        }
        int[] in = n.inputShape().dims();
        int[] dims = new int[in.length + 1];
        dims[0] = 1;
        System.arraycopy(in, 0, dims, 1, in.length);
        Tensor out = n.predict(n.backend().of(x, io.neurite.tensor.Shape.of(dims)));
        float[] raw = out.toFloatArray();
        double[] values = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = raw[i];
        }
        return Vectors.dense(values);
    }

    /** Softmax, computed stably (minus the largest output). */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] v = ((DenseVector) rawPrediction).values();
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
        return rawPrediction;
    }

    @Override
    public NeuriteClassificationModel copy(ParamMap extra) {
        NeuriteClassificationModel copy = new NeuriteClassificationModel(uid, modelFile);
        copy.reports = reports;
        return copyValues(copy, extra).setParent(parent());
    }

    /**
     * No training summary. Declared here because javac sees this method twice in the Scala parents (with
     * covariant Tuple3 results it cannot reconcile); a raw type satisfies both.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<NeuriteClassificationModel> read() {
        return new Reader();
    }

    public static NeuriteClassificationModel load(String path) {
        return read().load(path);
    }

    private static final class Writer extends MLWriter {
        private final NeuriteClassificationModel instance;

        Writer(NeuriteClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(instance.modelFile);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<NeuriteClassificationModel> {
        @Override
        public NeuriteClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                    NeuriteClassificationModel.class.getName());
            Path file = new Path(path, MODEL_FILE);
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (InputStream in = fs.open(file)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    bytes = out.toByteArray();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the Neurite model file " + file + ": " + e.getMessage(),
                        e);
            }
            NeuriteClassificationModel model = new NeuriteClassificationModel(metadata.uid(), bytes);
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
