package io.neurite.spark;

import io.neurite.discovery.Backends;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizers;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@code Estimator} that trains a Neurite {@link Sequential} classifier with {@link SparkTrainer}:
 * it fits a DataFrame with a features vector column and a label column of class indices, and yields a
 * {@link NeuriteClassificationModel} that adds {@code rawPrediction} (the model's outputs), {@code probability}
 * (their softmax) and {@code prediction}.
 * <pre>{@code
 * NeuriteClassifier nn = new NeuriteClassifier()
 *         .setModel(Sequential.of(Backends.get("pure"), Shape.of(4), new Dense(4, 16, ...), new ReLU(), new Dense(16, 3, ...)))
 *         .setLoss(SoftmaxCrossEntropy::new)
 *         .setOptimizer(steps -> Optimizers.adam(1e-3))
 *         .setEpochs(20);
 * PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, nn}).fit(train);
 * }</pre>
 * The model parameter holds the architecture and the initial weights as a Neurite model file, so a fit starts
 * from exactly those weights (set the initializers' seeds to make it reproducible). Columns are checked when the
 * pipeline checks schemas, before any job. The estimator itself can be saved with ML persistence; its loss and
 * optimizer factories are stored Java-serialized, so loading needs the classes that defined them.
 */
public final class NeuriteClassifier
        extends ProbabilisticClassifier<Vector, NeuriteClassifier, NeuriteClassificationModel>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final JavaSerializedParam<byte[]> model;
    private final JavaSerializedParam<LossFactory> loss;
    private final JavaSerializedParam<OptimizerFactory> optimizer;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final IntParam stepsPerRound;
    private final LongParam seed;
    private final Param<String> backend;
    private final Param<String> sync;
    private final Param<String> checkpointDir;

    public NeuriteClassifier() {
        this(Identifiable$.MODULE$.randomUID("neurite"));
    }

    public NeuriteClassifier(String uid) {
        this(UidDuringConstruction.set(uid), true);
    }

    private NeuriteClassifier(String uid, boolean marker) {
        this.uid = uid;
        UidDuringConstruction.clear();
        model = new JavaSerializedParam<>(this, "model", "the Sequential to train (architecture and initial weights,"
                + " as a Neurite model file)");
        loss = new JavaSerializedParam<>(this, "loss", "builds the loss on each executor");
        optimizer = new JavaSerializedParam<>(this, "optimizer", "builds the optimizer for a number of global steps");
        epochs = new IntParam(this, "epochs", "passes over the data (>= 1)", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "rows per local step on each worker (>= 1)",
                ParamValidators.gtEq(1));
        stepsPerRound = new IntParam(this, "stepsPerRound", "local steps between two synchronisations (>= 1)",
                ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "seeds the shuffles of the partitions");
        backend = new Param<>(this, "backend", "the Neurite backend the executors train on");
        sync = new Param<>(this, "sync", "AVERAGE (parameter averaging) or ALL_REDUCE (gradient all-reduce)",
                ParamValidators.inArray(new String[] {"AVERAGE", "ALL_REDUCE"}));
        checkpointDir = new Param<>(this, "checkpointDir", "a Hadoop FileSystem directory for a checkpoint per epoch"
                + " (empty: none)");
        LossFactory defaultLoss = SoftmaxCrossEntropy::new;
        OptimizerFactory defaultOptimizer = steps -> Optimizers.adam(1e-3);
        setDefault(loss, defaultLoss);
        setDefault(optimizer, defaultOptimizer);
        setDefault(epochs, 10);
        setDefault(batchSize, 64);
        setDefault(stepsPerRound, 32);
        setDefault(seed, 1L);
        setDefault(backend, "pure");
        setDefault(sync, "AVERAGE");
        setDefault(checkpointDir, "");
    }

    /**
     * Spark's parameter traits create their {@code Param}s (which read {@code uid()}) while the superclass
     * constructor runs, before this class's fields are set; until then the uid comes from {@link UidDuringConstruction}.
     */
    @Override
    public String uid() {
        return uid != null ? uid : UidDuringConstruction.current();
    }

    public JavaSerializedParam<byte[]> model() {
        return model;
    }

    public JavaSerializedParam<LossFactory> loss() {
        return loss;
    }

    public JavaSerializedParam<OptimizerFactory> optimizer() {
        return optimizer;
    }

    public IntParam epochs() {
        return epochs;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public IntParam stepsPerRound() {
        return stepsPerRound;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> backend() {
        return backend;
    }

    public Param<String> sync() {
        return sync;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    /** The model to train: its architecture and current weights are copied now, as a Neurite model file. */
    public NeuriteClassifier setModel(Sequential value) {
        return put(model, ModelBytes.of(value));
    }

    public NeuriteClassifier setLoss(LossFactory value) {
        return put(loss, value);
    }

    public NeuriteClassifier setOptimizer(OptimizerFactory value) {
        return put(optimizer, value);
    }

    public NeuriteClassifier setEpochs(int value) {
        return put(epochs, value);
    }

    public NeuriteClassifier setBatchSize(int value) {
        return put(batchSize, value);
    }

    public NeuriteClassifier setStepsPerRound(int value) {
        return put(stepsPerRound, value);
    }

    public NeuriteClassifier setSeed(long value) {
        return put(seed, value);
    }

    public NeuriteClassifier setBackend(String value) {
        return put(backend, value);
    }

    public NeuriteClassifier setSync(SparkTrainer.Sync value) {
        return put(sync, value.name());
    }

    public NeuriteClassifier setCheckpointDir(String value) {
        return put(checkpointDir, value);
    }

    private NeuriteClassifier put(Param<?> param, Object value) {
        @SuppressWarnings("unchecked")
        Param<Object> p = (Param<Object>) param;
        set(p, value);
        return this;
    }

    private Sequential buildModel() {
        if (!isDefined(model)) {
            throw new IllegalArgumentException("NeuriteClassifier: no model set; call setModel(Sequential.of(...))"
                    + " with the architecture to train");
        }
        return ModelBytes.read($(model), Backends.get($(backend))).model();
    }

    /** Checks the columns against the model (names, vector type and size, numeric label) before any job. */
    @Override
    public StructType transformSchema(StructType schema) {
        Sequential m = buildModel();
        InputColumns.checkSchema(schema, $(featuresCol()), $(labelCol()), m.inputShape().size(),
                m.outputShape().size());
        return super.transformSchema(schema);
    }

    @Override
    public NeuriteClassificationModel train(Dataset<?> dataset) {
        Sequential m = buildModel();
        @SuppressWarnings("unchecked")
        Dataset<Row> rows = (Dataset<Row>) dataset;
        SparkTrainer.Builder b = SparkTrainer.builder($(loss), $(optimizer))
                .epochs((Integer) $(epochs)).batchSize((Integer) $(batchSize))
                .stepsPerRound((Integer) $(stepsPerRound)).seed((Long) $(seed)).backend($(backend))
                .sync(SparkTrainer.Sync.valueOf($(sync)));
        String dir = $(checkpointDir);
        if (!dir.isEmpty()) {
            b.checkpoint(dir).resume(true);
        }
        List<EpochReport> reports = b.build().fit(m, rows, $(featuresCol()), $(labelCol()));
        NeuriteClassificationModel fitted = new NeuriteClassificationModel(Identifiable$.MODULE$.randomUID(
                "neurite-model"), ModelBytes.of(m)).setBackend($(backend));
        fitted.setReports(reports);
        return fitted;
    }

    @Override
    public NeuriteClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<NeuriteClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static NeuriteClassifier load(String path) {
        return read().load(path);
    }
}
