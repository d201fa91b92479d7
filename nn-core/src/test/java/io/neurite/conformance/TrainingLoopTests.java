package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import io.neurite.nn.Flatten;
import io.neurite.data.ImageAugmentation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neurite.loss.MeanSquaredError;
import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.data.Dataset;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.GradientClipping;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import io.neurite.train.BatchEnd;
import io.neurite.train.EarlyStopping;
import io.neurite.train.EpochRecord;
import io.neurite.train.Evaluation;
import io.neurite.train.History;
import io.neurite.train.Trainer;
import io.neurite.train.TrainingContext;
import io.neurite.train.TrainingDivergedException;
import io.neurite.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: history, listeners, validation, early stopping, the NaN guard, and their errors. */
public abstract class TrainingLoopTests {

    protected abstract Backend backend();

    private Sequential model() {
        return Sequential.of(backend(), Shape.of(2),
                new Dense(2, 16, Initializer.heNormal(1)), new ReLU(), new Dense(16, 3, Initializer.xavierUniform(2)));
    }

    private static Trainer.Builder trainer(double lr) {
        return Trainer.builder(new SoftmaxCrossEntropy(), Optimizers.sgd(lr).momentum(0.9)).batchSize(32).seed(5);
    }

    @Test
    void historyRecordsEveryEpochAndWritesCsvAndJson(@TempDir Path dir) throws Exception {
        Dataset train = ToyData.spirals(3, 40, 1);
        Dataset validation = ToyData.spirals(3, 20, 2);
        History history = trainer(0.05).epochs(4).validation(validation).build().fit(model(), train);

        assertEquals(4, history.epochs().size());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), new ArrayList<>(history.metricNames()));
        assertEquals("completed all epochs", history.stopReason());
        for (EpochRecord e : history.epochs()) {
            assertTrue(e.metric("accuracy") >= 0 && e.metric("accuracy") <= 1);
            assertTrue(Double.isFinite(e.metric("val_loss")));
        }
        assertEquals(4, history.last().epoch());

        Path csv = dir.resolve("history.csv");
        history.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,seconds", lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(lines.get(1).startsWith("1,"), lines.get(1));

        Path json = dir.resolve("history.json");
        history.writeJson(json);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, root.get("epochs").size());
        assertEquals(history.epochs().get(2).metric("val_loss"), root.get("epochs").get(2).get("val_loss").asDouble(), 0);
        assertEquals("completed all epochs", root.get("stopReason").asText());
    }

    @Test
    void listenersSeeEveryEventInOrder() {
        Dataset train = ToyData.spirals(3, 30, 3); // 90 samples: batches of 32, 32, 26
        List<String> events = new ArrayList<>();
        List<BatchEnd> batches = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainBegin(TrainingContext context) {
                events.add("begin " + context.epochs() + " " + context.batchesPerEpoch());
            }

            @Override
            public void onEpochBegin(TrainingContext context, int epoch) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onBatchEnd(TrainingContext context, BatchEnd batch) {
                batches.add(batch);
            }

            @Override
            public void onEpochEnd(TrainingContext context, EpochRecord record) {
                events.add("end " + record.epoch());
            }

            @Override
            public void onTrainEnd(TrainingContext context, History history) {
                events.add("done " + history.epochs().size());
            }
        };
        History history = trainer(0.05).epochs(2).listener(listener).build().fit(model(), train);
        assertEquals(List.of("begin 2 3", "epoch 1", "end 1", "epoch 2", "end 2", "done 2"), events);
        assertEquals(6, batches.size());
        BatchEnd last = batches.get(5);
        assertEquals(2, last.epoch());
        assertEquals(3, last.batch());
        assertEquals(26, last.batchSize());
        assertEquals(90, last.samplesSeen());
        assertEquals(history.last().metric("loss"), last.epochLoss(), 1e-9);
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochAndBatch() {
        Dataset clean = ToyData.spirals(3, 30, 4);
        float[] x = features(clean);
        x[70 * 2] = Float.NaN; // sample 70 is in the third batch of 32 when not shuffled
        Dataset poisoned = Dataset.classification(x, Shape.of(2), clean.labels(), 3);
        List<String> end = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainEnd(TrainingContext context, History history) {
                end.add(history.stopReason());
            }
        };
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(0.05).epochs(3).shuffle(false).listener(listener).build().fit(model(), poisoned));
        assertEquals(1, e.epoch());
        assertEquals(3, e.batch());
        assertTrue(e.getMessage().startsWith("training diverged: the loss became NaN at epoch 1, batch 3 of 3"
                + " (learning rate 0.05"), e.getMessage());
        assertTrue(e.getMessage().contains("try a lower learning rate"), e.getMessage());
        assertEquals(1, end.size(), "listeners are told even when training fails");
        assertTrue(end.get(0).startsWith("failed: training diverged"), end.get(0));
    }

    @Test
    void aHugeLearningRateIsCaughtAsDivergence() {
        // Linear least squares with a step far beyond 2/λmax: the weights grow geometrically until the loss
        // overflows float32.
        Dataset data = Dataset.of(backend().randomNormal(Shape.of(64, 2), 0f, 10f, 1),
                backend().randomNormal(Shape.of(64, 3), 0f, 1f, 2));
        Sequential linear = Sequential.of(backend(), Shape.of(2), new Dense(2, 3, Initializer.xavierNormal(3)));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.builder(new MeanSquaredError(), Optimizers.sgd(5.0)).epochs(100).batchSize(16).build()
                        .fit(linear, data));
        assertTrue(e.getMessage().contains("(learning rate 5); try a lower learning rate (e.g. 0.5)"),
                e.getMessage());
        assertTrue(Double.isInfinite(e.loss()) || Double.isNaN(e.loss()));
    }

    /** All features of {@code data}, row-major. */
    private static float[] features(Dataset data) {
        float[] x = new float[data.size() * data.numFeatures()];
        for (int i = 0; i < data.size(); i++) {
            data.copyFeatures(i, x, i * data.numFeatures());
        }
        return x;
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Dataset train = ToyData.spirals(3, 30, 6);
        Sequential model = model();
        // "loss" in MAX mode: the falling loss never improves on epoch 1, so training stops after 1 + 3 epochs.
        EarlyStopping stopping = new EarlyStopping("loss", EarlyStopping.Mode.MAX, 3, 0.0, true);
        List<float[]> afterFirstEpoch = new ArrayList<>();
        TrainingListener snapshot = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext context, EpochRecord record) {
                if (record.epoch() == 1) {
                    for (Parameter p : context.model().parameters()) {
                        afterFirstEpoch.add(p.value().toFloatArray());
                    }
                }
            }
        };
        History history = trainer(0.05).epochs(50).listener(stopping).listener(snapshot).build().fit(model, train);
        assertEquals(4, history.epochs().size());
        assertEquals(1, stopping.bestEpoch());
        assertTrue(history.stopReason().startsWith("early stopping: loss did not improve by more than 0.0 for 3"
                + " epoch(s); best"), history.stopReason());
        for (int i = 0; i < afterFirstEpoch.size(); i++) {
            assertArrayEquals(afterFirstEpoch.get(i), model.parameters().get(i).value().toFloatArray(),
                    "restored " + model.parameters().get(i).name());
        }
    }

    @Test
    void earlyStoppingWithMinDeltaAndMinMode() {
        Dataset train = ToyData.spirals(3, 30, 7);
        // A loss can never fall by 10 per epoch: no epoch after the first counts as an improvement.
        EarlyStopping stopping = new EarlyStopping("loss", EarlyStopping.Mode.MIN, 2, 10.0, false);
        History history = trainer(0.05).epochs(20).listener(stopping).build().fit(model(), train);
        assertEquals(3, history.epochs().size());
        // With a reachable target it runs on.
        EarlyStopping patient = new EarlyStopping("loss", EarlyStopping.Mode.MIN, 2, 0.0, false);
        History full = trainer(0.05).epochs(6).listener(patient).build().fit(model(), train);
        assertEquals(6, full.epochs().size());
        assertFalse(full.stopReason().startsWith("early"));
    }

    @Test
    void earlyStoppingOnAMissingMetricSaysWhatExists() {
        Dataset train = ToyData.spirals(3, 30, 8);
        EarlyStopping stopping = new EarlyStopping("val_loss", EarlyStopping.Mode.MIN, 2, 0.0, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(0.05).epochs(3).listener(stopping).build().fit(model(), train));
        assertEquals("epoch 1 has no metric 'val_loss'; it has [loss, accuracy] (pass validation data to record"
                + " val_ metrics)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("loss", EarlyStopping.Mode.MIN, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("loss", EarlyStopping.Mode.MIN, 1, -1, true));
    }

    @Test
    void samplesThatDoNotFitTheModelAreRejectedBeforeTraining() {
        Dataset fourClasses = Dataset.classification(new float[] {0, 0, 1, 1}, Shape.of(2), new int[] {0, 3}, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(0.1).build().fit(model(), fourClasses));
        assertEquals("Trainer: the training targets have per-sample shape [4] but the model outputs [3]; the last"
                + " layer needs 4 outputs, one per class", e.getMessage());
        Dataset threeFeatures = Dataset.classification(new float[] {0, 0, 1, 1, 2, 2}, Shape.of(3), new int[] {0, 1}, 3);
        assertThrows(IllegalArgumentException.class, () -> trainer(0.1).build().fit(model(), threeFeatures));
    }

    @Test
    void regressionHasNoAccuracyColumn() {
        Dataset data = Dataset.of(backend().randomNormal(Shape.of(20, 2), 0f, 1f, 1),
                backend().randomNormal(Shape.of(20, 3), 0f, 1f, 2));
        History history = Trainer.builder(new MeanSquaredError(), Optimizers.sgd(0.01)).epochs(2).batchSize(8)
                .build().fit(model(), data);
        assertEquals(List.of("loss"), new ArrayList<>(history.metricNames()));
    }

    @Test
    void shufflingFollowsTheSeed() {
        Dataset train = ToyData.spirals(3, 30, 9);
        double[][] losses = new double[3][];
        long[] seeds = {11, 11, 12};
        for (int i = 0; i < 3; i++) {
            losses[i] = trainer(0.05).epochs(2).seed(seeds[i]).build().fit(model(), train).metric("loss");
        }
        assertArrayEquals(losses[0], losses[1]);
        assertFalse(java.util.Arrays.equals(losses[0], losses[2]));
    }

    @Test
    void aTrainingStepAllocatesNoTensorAfterTheFirstEpoch() {
        TensorAllocationCounter counter = new TensorAllocationCounter(backend());
        Sequential model = Sequential.of(counter.backend(), Shape.of(2),
                new Dense(2, 16, Initializer.heNormal(1)), new ReLU(), new Dropout(0.2f, 2),
                new Dense(16, 3, Initializer.xavierUniform(3)));
        Dataset train = ToyData.spirals(3, 30, 10); // batches of 32, 32 and 26: two batch shapes per epoch
        long[] createdAtEpochEnd = new long[4];
        TrainingListener count = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext context, EpochRecord record) {
                createdAtEpochEnd[record.epoch() - 1] = counter.created();
            }
        };
        trainer(0.05).epochs(4).listener(count).build().fit(model, train);
        assertTrue(createdAtEpochEnd[0] > 0);
        assertEquals(createdAtEpochEnd[0], createdAtEpochEnd[3],
                "tensors created in epochs 2-4: " + (createdAtEpochEnd[3] - createdAtEpochEnd[0]));
    }

    @Test
    void aShuffledViewTrainsLikeACopyInTheSameOrder() {
        Dataset spirals = ToyData.spirals(3, 30, 11);
        Dataset view = spirals.shuffled(5);
        Dataset copy = Dataset.classification(features(view), Shape.of(2), view.labels(), 3);
        double[] a = trainer(0.05).epochs(2).shuffle(false).build().fit(model(), view).metric("loss");
        double[] b = trainer(0.05).epochs(2).shuffle(false).build().fit(model(), copy).metric("loss");
        assertArrayEquals(b, a);
    }

    @Test
    void samplesOfAnotherShapeAreRejectedWithTheFix() {
        Dataset images = ToyData.spirals(3, 30, 12).reshape(Shape.of(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(0.1).build().fit(model(), images));
        assertEquals("Trainer: the training samples have per-sample shape [1, 2] but the model takes [2]; pass"
                + " data.flat() for a model that takes vectors", e.getMessage());
        History history = trainer(0.1).epochs(1).build().fit(model(), images.flat());
        assertEquals(1, history.epochs().size());
    }

    @Test
    void anyLayerTrainsNotOnlyASequential() {
        Dataset train = ToyData.spirals(3, 30, 13);
        Dense bare = new Dense(2, 3, Initializer.xavierUniform(4));
        bare.build(backend(), Shape.of(2));
        Sequential wrapped = Sequential.of(backend(), Shape.of(2), new Dense(2, 3, Initializer.xavierUniform(4)));
        double[] a = trainer(0.05).epochs(3).build().fit(bare, train).metric("loss");
        double[] b = trainer(0.05).epochs(3).build().fit(wrapped, train).metric("loss");
        assertArrayEquals(b, a);
        assertArrayEquals(wrapped.parameters().get(0).value().toFloatArray(), bare.parameters().get(0).value().toFloatArray());
        Evaluation v = trainer(0.05).build().evaluate(bare, train);
        assertEquals(trainer(0.05).build().evaluate(wrapped, train).loss(), v.loss(), 0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(0.05).build().fit(new ReLU(), train));
        assertTrue(e.getMessage().contains("has no trainable parameters"), e.getMessage());
    }

    /** The spirals as 1x2 "images", so that an ImageAugmentation (a flip, which swaps the coordinates) applies. */
    private Sequential imageModel() {
        return Sequential.of(backend(), Shape.of(1, 1, 2), new Flatten(),
                new Dense(2, 16, Initializer.heNormal(1)), new ReLU(), new Dense(16, 3, Initializer.xavierUniform(2)));
    }

    @Test
    void augmentedTrainingIsReproducibleAndResumesExactly() {
        Dataset train = ToyData.spirals(3, 30, 15).reshape(Shape.of(1, 1, 2));
        ImageAugmentation flip = ImageAugmentation.builder().horizontalFlip().build();
        Sequential whole = imageModel();
        History all = trainer(0.05).augment(flip).epochs(4).build().fit(whole, train);
        Sequential again = imageModel();
        trainer(0.05).augment(flip).epochs(4).build().fit(again, train);
        Sequential plain = imageModel();
        History unaugmented = trainer(0.05).epochs(4).build().fit(plain, train);
        assertNotEquals(unaugmented.last().metric("loss"), all.last().metric("loss"), "the flip changed nothing");

        Sequential halves = imageModel();
        Optimizer optimizer = Optimizers.sgd(0.05).momentum(0.9);
        Trainer.builder(new SoftmaxCrossEntropy(), optimizer).batchSize(32).seed(5).augment(flip).epochs(2).build()
                .fit(halves, train);
        Trainer.builder(new SoftmaxCrossEntropy(), optimizer).batchSize(32).seed(5).augment(flip).epochs(4)
                .startEpoch(3).build().fit(halves, train);
        for (int i = 0; i < whole.parameters().size(); i++) {
            String name = whole.parameters().get(i).name();
            float[] expected = whole.parameters().get(i).value().toFloatArray();
            assertArrayEquals(expected, again.parameters().get(i).value().toFloatArray(), name + " (rerun)");
            assertArrayEquals(expected, halves.parameters().get(i).value().toFloatArray(), name + " (resumed)");
        }
    }

    @Test
    void startEpochRunsTheRemainingEpochsAsTheWholeRunWould() {
        Dataset train = ToyData.spirals(3, 30, 14);
        Sequential whole = model();
        History all = trainer(0.05).epochs(4).build().fit(whole, train);

        Sequential halves = model();
        Optimizer optimizer = Optimizers.sgd(0.05).momentum(0.9); // its momentum carries over, as a checkpoint's would
        Trainer.builder(new SoftmaxCrossEntropy(), optimizer).batchSize(32).seed(5).epochs(2).build()
                .fit(halves, train);
        History rest = Trainer.builder(new SoftmaxCrossEntropy(), optimizer).batchSize(32).seed(5).epochs(4)
                .startEpoch(3).build().fit(halves, train);

        assertEquals(List.of(3, 4), rest.epochs().stream().map(EpochRecord::epoch).toList());
        assertEquals(all.epochs().get(3).metric("loss"), rest.last().metric("loss"), 0);
        for (int i = 0; i < whole.parameters().size(); i++) {
            assertArrayEquals(whole.parameters().get(i).value().toFloatArray(),
                    halves.parameters().get(i).value().toFloatArray(), whole.parameters().get(i).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(0.05).epochs(4).startEpoch(5).build());
        assertTrue(e.getMessage().contains("startEpoch 5 is after the last epoch 4"), e.getMessage());
    }

    @Test
    void clippingByGlobalNormScalesTheStepAsComputedDirectly() {
        Dataset train = ToyData.spirals(3, 10, 15); // 30 samples: one batch, one step
        double lr = 0.5;
        // The gradient of that one step, computed by hand on a twin of the model.
        Sequential twin = model();
        twin.zeroGrad();
        Tensor logits = twin.forward(train.toTensor(backend()), true);
        Tensor grad = logits.newLike();
        new SoftmaxCrossEntropy().lossAndGradient(logits, train.labels(), grad);
        twin.backward(grad, false);
        double sumOfSquares = 0;
        for (Parameter p : twin.parameters()) {
            for (float g : p.grad().toFloatArray()) {
                sumOfSquares += (double) g * g;
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        double maxNorm = norm / 4; // well below the norm, so the clip matters
        double scale = maxNorm / (norm + 1e-6);

        Sequential clipped = model();
        Trainer.builder(new SoftmaxCrossEntropy(), Optimizers.sgd(lr)).epochs(1).batchSize(30).shuffle(false)
                .clipping(GradientClipping.byGlobalNorm(maxNorm)).build().fit(clipped, train);
        Sequential unclipped = model();
        Trainer.builder(new SoftmaxCrossEntropy(), Optimizers.sgd(lr)).epochs(1).batchSize(30).shuffle(false)
                .build().fit(unclipped, train);

        for (int i = 0; i < twin.parameters().size(); i++) {
            Parameter p = twin.parameters().get(i);
            float[] w0 = p.value().toFloatArray(); // the twin took no step: initial weights
            float[] g = p.grad().toFloatArray();
            float[] got = clipped.parameters().get(i).value().toFloatArray();
            float[] plain = unclipped.parameters().get(i).value().toFloatArray();
            for (int j = 0; j < w0.length; j++) {
                assertEquals(w0[j] - lr * scale * g[j], got[j], 1e-5, p.name() + "[" + j + "] clipped");
                assertEquals(w0[j] - lr * g[j], plain[j], 1e-5, p.name() + "[" + j + "] unclipped");
            }
        }
    }
}
