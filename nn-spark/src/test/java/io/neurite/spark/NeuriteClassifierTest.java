package io.neurite.spark;

import static io.neurite.spark.SparkTests.FEATURES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.io.ModelFile;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML estimator and model: a Pipeline after a VectorAssembler, ML persistence, and bad input. */
class NeuriteClassifierTest {

    /** The blobs as one numeric column per feature, f0..f19, and a label: what a VectorAssembler starts from. */
    static Dataset<Row> columns(float[][] data) {
        StructType schema = new StructType();
        for (int j = 0; j < FEATURES; j++) {
            schema = schema.add("f" + j, DataTypes.DoubleType);
        }
        schema = schema.add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (float[] d : data) {
            Object[] values = new Object[FEATURES + 1];
            for (int j = 0; j <= FEATURES; j++) {
                values[j] = (double) d[j];
            }
            rows.add(RowFactory.create(values));
        }
        return SparkTests.spark().createDataFrame(rows, schema).repartition(2);
    }

    static VectorAssembler assembler(int n) {
        String[] in = new String[n];
        for (int j = 0; j < n; j++) {
            in[j] = "f" + j;
        }
        return new VectorAssembler().setInputCols(in).setOutputCol("features");
    }

    static NeuriteClassifier classifier() {
        return new NeuriteClassifier().setModel(SparkTests.model(3)).setLoss(SoftmaxCrossEntropy::new)
                .setOptimizer(steps -> Optimizers.adam(3e-3)).setEpochs(4).setBatchSize(32).setStepsPerRound(16);
    }

    @Test
    void fitsInAPipelineAndSurvivesMlPersistence(@TempDir Path tmp) throws Exception {
        Dataset<Row> train = columns(SparkTrainerTest.TRAIN);
        Dataset<Row> test = columns(SparkTrainerTest.TEST);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler(FEATURES), classifier()});
        PipelineModel fitted = pipeline.fit(train);

        Dataset<Row> predicted = fitted.transform(test);
        for (String column : new String[] {"rawPrediction", "probability", "prediction"}) {
            assertTrue(List.of(predicted.columns()).contains(column), column + " in " + List.of(predicted.columns()));
        }
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        assertTrue(accuracy > 0.8, "test accuracy " + accuracy);

        Row first = predicted.select("rawPrediction", "probability", "prediction").head();
        double[] raw = ((Vector) first.get(0)).toArray();
        double[] probability = ((Vector) first.get(1)).toArray();
        double max = Double.NEGATIVE_INFINITY;
        int argmax = -1;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] > max) {
                max = raw[i];
                argmax = i;
            }
        }
        double z = 0;
        for (double r : raw) {
            z += Math.exp(r - max);
        }
        for (int i = 0; i < raw.length; i++) {
            assertEquals(Math.exp(raw[i] - max) / z, probability[i], 1e-12, "probability = softmax(rawPrediction)");
        }
        assertEquals(argmax, first.getDouble(2), "prediction = argmax");

        String path = tmp.resolve("pipeline").toUri().toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> again = loaded.transform(test).select("rawPrediction", "probability", "prediction").collectAsList();
        List<Row> before = predicted.select("rawPrediction", "probability", "prediction").collectAsList();
        assertEquals(before, again, "the loaded pipeline predicts exactly as the saved one");

        // The model inside is a plain Neurite model file.
        NeuriteClassificationModel stage = (NeuriteClassificationModel) fitted.stages()[1];
        Path file = Files.walk(tmp.resolve("pipeline")).filter(p -> p.toString().endsWith("model.neurite.zip"))
                .findFirst().orElseThrow();
        Sequential read = ModelFile.load(file, SparkTests.backend());
        assertArrayEquals(SparkTests.weights(stage.network()), SparkTests.weights(read));
    }

    @Test
    void anUnfittedPipelineWithTheEstimatorSavesAndLoads(@TempDir Path tmp) throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler(FEATURES), classifier().setEpochs(7)});
        String path = tmp.resolve("unfitted").toUri().toString();
        pipeline.write().save(path);
        NeuriteClassifier loaded = (NeuriteClassifier) Pipeline.load(path).getStages()[1];
        assertEquals(7, (Integer) loaded.getOrDefault(loaded.epochs()));
        NeuriteClassifier original = (NeuriteClassifier) pipeline.getStages()[1];
        assertArrayEquals(original.getOrDefault(original.model()), loaded.getOrDefault(loaded.model()));
        assertTrue(loaded.getOrDefault(loaded.optimizer()).create(10).toString().startsWith("Adam"));
    }

    /** Wrong sizes and types fail while the pipeline checks schemas: before any Spark job. */
    @Test
    void badColumnsFailBeforeAnyJobNamingTheColumnAndBothSizes() {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        Dataset<Row> train = columns(java.util.Arrays.copyOf(SparkTrainerTest.TRAIN, 100));
        SparkTests.spark().sparkContext().addSparkListener(listener);
        try {
            Pipeline shortVectors = new Pipeline().setStages(new PipelineStage[] {assembler(FEATURES - 1), classifier()});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shortVectors.fit(train));
            assertTrue(e.getMessage().contains("features column 'features' holds vectors of 19 values")
                    && e.getMessage().contains("the model takes 20 inputs"), e.getMessage());

            Dataset<Row> labelsAsText = train.withColumn("label", train.col("label").cast("string"));
            Pipeline ok = new Pipeline().setStages(new PipelineStage[] {assembler(FEATURES), classifier()});
            e = assertThrows(IllegalArgumentException.class, () -> ok.fit(labelsAsText));
            assertTrue(e.getMessage().contains("label column 'label' is of type string but must be numeric"),
                    e.getMessage());

            Dataset<Row> notAVector = train.withColumnRenamed("f0", "features");
            e = assertThrows(IllegalArgumentException.class, () -> classifier().fit(notAVector));
            assertTrue(e.getMessage().contains("features column 'features' is of type double but must be a vector"),
                    e.getMessage());
            SparkTests.spark().sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(0, jobs.get(), "no job ran");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            SparkTests.spark().sparkContext().removeSparkListener(listener);
        }
    }

    /** Vectors without size metadata: the first row's size is checked before training. */
    @Test
    void vectorsOfTheWrongSizeWithoutMetadataAreNamedToo() {
        StructType schema = SparkTests.schema();
        List<Row> rows = List.of(RowFactory.create(Vectors.dense(new double[7]), 0.0));
        Dataset<Row> data = SparkTests.spark().createDataFrame(rows, schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainerTest.trainer(1).build().fit(SparkTests.model(3), data, "features", "label"));
        assertTrue(e.getMessage().contains("holds vectors of 7 values (in its first row) but the model takes 20"),
                e.getMessage());
    }

    /**
     * Without metadata only the first row's size can be checked up front; a later row of another size is found
     * while the rows are cached, and named (row of the whole data set, column, both sizes) before any round.
     */
    @Test
    void aLaterVectorOfTheWrongSizeIsNamedBeforeAnyRound() throws Exception {
        java.util.List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted submitted) {
                stages.add(submitted.stageInfo().name());
            }
        };
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(RowFactory.create(Vectors.dense(new double[i == 250 ? 19 : FEATURES]), (double) (i % 5)));
        }
        rows.set(280, RowFactory.create(null, 0.0));
        Dataset<Row> data = SparkTests.spark().createDataFrame(
                JavaSparkContext.fromSparkContext(SparkTests.spark().sparkContext()).parallelize(rows, 2),
                SparkTests.schema());
        SparkTests.spark().sparkContext().addSparkListener(listener);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkTrainerTest.trainer(1).build().fit(SparkTests.model(3), data, "features", "label"));
            assertTrue(e.getMessage().contains("features column 'features': row 250 (row 100 of partition 1) has a"
                    + " vector of 19 values but the model takes 20 inputs"), e.getMessage());
            SparkTests.spark().sparkContext().listenerBus().waitUntilEmpty();
            assertFalse(stages.isEmpty(), "the rows were read");
            assertTrue(stages.stream().noneMatch(name -> name.startsWith("treeAggregate")), "no round ran: " + stages);
        } finally {
            SparkTests.spark().sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void aLabelOutsideTheClassesNamesTheFirstBadRow() {
        float[][] data = java.util.Arrays.copyOf(SparkTrainerTest.TRAIN, 400);
        data[123] = data[123].clone();
        data[123][FEATURES] = 5;   // classes are 0..4
        data[301] = data[301].clone();
        data[301][FEATURES] = -1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainerTest.trainer(1).build().fit(SparkTests.model(3), SparkTests.frame(data, 2),
                        "features", "label"));
        assertTrue(e.getMessage().contains("label column 'label': row 123 ") && e.getMessage().contains("label 5.0")
                && e.getMessage().contains("5 classes"), e.getMessage());
        assertTrue(new VectorUDT().equals(SparkTests.schema().apply("features").dataType()));
    }
}
