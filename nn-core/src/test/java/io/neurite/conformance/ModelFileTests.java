package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.data.Normalizer;
import io.neurite.io.LayerCodec;
import io.neurite.io.LayerCodecs;
import io.neurite.io.ModelFile;
import io.neurite.io.ModelFileException;
import io.neurite.io.SavedModel;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Adam;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.optim.Optimizers;
import io.neurite.optim.schedule.Schedules;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import io.neurite.train.TrainingPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files on one backend: save → load gives the same weights bit for bit and the same predictions,
 * with every standard layer, nested models, optimizer state, normaliser, class names and metadata, on this
 * backend and on {@link #otherBackend()}; saving is atomic and refuses what it cannot describe. Damaged and
 * foreign files are in {@link ModelFileDamageTests}.
 */
public abstract class ModelFileTests {

    /** The backend under test. */
    protected abstract Backend backend();

    /** Another backend (ideally another implementation) to save on and load on. */
    protected abstract Backend otherBackend();

    /** Largest difference allowed between predictions of the same weights on the two backends. */
    protected double crossBackendTolerance() {
        return 1e-5;
    }

    @TempDir
    Path dir;

    @Test
    void saveThenLoadGivesIdenticalWeightsAndPredictions() throws IOException {
        Sequential model = SampleModels.everyLayer(backend());
        SampleModels.train(model, Optimizers.adam(0.05), 5, 1);
        Path file = dir.resolve("model.zip");
        ModelFile.save(file, model);

        Sequential loaded = ModelFile.load(file, backend());
        assertSame(model, loaded);
        Tensor x = SampleModels.inputs(backend(), 13, SampleModels.INPUTS, 2);
        assertArrayEquals(model.predict(x).toFloatArray(), loaded.predict(x).toFloatArray(),
                "predictions after save → load must be identical on the same backend");
    }

    @Test
    void loadsOnTheOtherBackendAndBack() throws IOException {
        Sequential model = SampleModels.everyLayer(backend());
        SampleModels.train(model, Optimizers.adam(0.05), 5, 1);
        Path file = dir.resolve("there.zip");
        ModelFile.save(file, model);
        Sequential there = ModelFile.load(file, otherBackend());
        assertEquals(otherBackend(), there.backend());
        assertSame(model, there);
        Tensor x = SampleModels.inputs(backend(), 13, SampleModels.INPUTS, 2);
        assertClose(model.predict(x).toFloatArray(), there.predict(x.to(otherBackend())).toFloatArray());

        Path back = dir.resolve("back.zip");
        ModelFile.save(back, there);
        Sequential again = ModelFile.load(back, backend());
        assertSame(model, again);
        assertArrayEquals(model.predict(x).toFloatArray(), again.predict(x).toFloatArray());
    }

    @Test
    void optimizerStateResumesTrainingExactly() throws IOException {
        Sequential a = SampleModels.mlp(backend(), 5, 9, 4, 21);
        Adam adamA = Optimizers.adam(0.01);
        SampleModels.train(a, adamA, 4, 3);
        Path file = dir.resolve("resume.zip");
        ModelFile.save(file, a, adamA);

        SavedModel saved = ModelFile.read(file, backend());
        OptimizerState state = saved.optimizerState().orElseThrow();
        assertEquals("adam", state.type());
        assertEquals(4, state.iterations());
        assertEquals(2 * a.parameters().size(), state.tensors().size(), "exp_avg and exp_avg_sq per parameter");
        assertEquals(adamA.toString(), saved.optimizerDescription().orElseThrow());
        Sequential b = saved.model();
        Adam adamB = Optimizers.adam(0.01);
        adamB.loadState(state, b.parameters());

        SampleModels.train(a, adamA, 3, 4);
        SampleModels.train(b, adamB, 3, 4);
        assertSame(a, b);
    }

    @Test
    void aFormat1FileWrittenByEarlierCodeStillLoadsAndPredictsAsItDid() throws IOException {
        Format1Fixture.checkLoads(backend(), dir, crossBackendTolerance());
    }

    /**
     * Format 2 restores the whole optimizer as an object (type, hyper-parameters, schedule, slots, step) and
     * Dropout's generator position: training continued from the loaded file computes bit for bit what the
     * original model and optimizer compute, for every optimizer and schedule.
     */
    @Test
    void theLoadedOptimizerAndDropoutContinueExactly() throws IOException {
        List<Supplier<Optimizer>> optimizers = List.of(
                () -> Optimizers.sgd(Schedules.exponentialDecay(0.05, 0.5, 3)).momentum(0.9).nesterov().weightDecay(1e-3),
                () -> Optimizers.sgd(0.05).momentum(0.8).dampening(0.2),
                () -> Optimizers.rmsProp(Schedules.stepDecay(0.01, 2, 0.5)).momentum(0.5).centered().weightDecay(1e-3),
                () -> Optimizers.adam(Schedules.cosineDecay(0.02, 20, 1e-4).withLinearWarmup(2)).betas(0.8, 0.99)
                        .eps(1e-7).weightDecay(1e-3),
                () -> Optimizers.adamW(Schedules.constant(0.01)).weightDecay(0.05));
        for (Supplier<Optimizer> make : optimizers) {
            Sequential a = SampleModels.everyLayer(backend());
            Optimizer optA = make.get();
            SampleModels.train(a, optA, 3, 1);
            Path file = dir.resolve("continue.zip");
            ModelFile.save(file, a, optA);

            SavedModel saved = ModelFile.read(file, backend());
            Optimizer optB = saved.optimizer().orElseThrow(() -> new AssertionError("no optimizer object: " + optA));
            assertEquals(optA.getClass(), optB.getClass());
            assertEquals(optA.toString(), optB.toString(), "same hyper-parameters and schedule");
            assertEquals(optA.iterations(), optB.iterations());
            assertEquals(optA.currentLearningRate(), optB.currentLearningRate());
            Sequential b = saved.model();
            assertEquals(dropout(a).randomState(), dropout(b).randomState(), "Dropout's generator position");

            SampleModels.train(a, optA, 3, 2);
            SampleModels.train(b, optB, 3, 2);
            assertSame(a, b);
        }
    }

    @Test
    void buffersAndLayerStateRoundTripAndNeedTheLayersCodec() throws IOException {
        LayerCodecs codecs = LayerCodecs.standard().with(RunningMeanLayer.CODEC);
        Sequential model = Sequential.of(backend(), Shape.of(5), new Dense(5, 4, 1L), new RunningMeanLayer(0.9f),
                Sequential.of(backend(), Shape.of(4), new RunningMeanLayer(0.5f), new Dense(4, 3, 2L)));
        SampleModels.train(model, Optimizers.sgd(0.1), 3, 1);
        Path file = dir.resolve("buffers.zip");
        ModelFile.writer(model).codecs(codecs).save(file);

        Map<String, byte[]> entries = ZipEdit.read(file);
        ObjectNode d = ZipEdit.description(entries);
        assertEquals(List.of("1.running_mean", "2.0.running_mean"), fieldNames(d.get("buffers")));
        assertTrue(entries.containsKey("buffers/1.running_mean.npy"), entries.keySet().toString());

        Sequential loaded = ModelFile.read(file, backend(), codecs).model();
        assertEquals(model.buffers().size(), loaded.buffers().size());
        for (int i = 0; i < model.buffers().size(); i++) {
            assertEquals(model.buffers().get(i).name(), loaded.buffers().get(i).name());
            assertArrayEquals(model.buffers().get(i).value().toFloatArray(),
                    loaded.buffers().get(i).value().toFloatArray(), model.buffers().get(i).name());
        }
        assertTrue(model.buffers().get(0).value().sumOfSquares() > 0,
                "training moved the running mean, so the test compares something");
    }

    @Test
    void theTrainingPositionRoundTrips() throws IOException {
        Sequential model = SampleModels.mlp(backend(), 5, 9, 4, 1);
        Path file = dir.resolve("position.zip");
        TrainingPosition position = new TrainingPosition(5, -1234567890123L, true, 32, 54_000);
        ModelFile.writer(model).training(position).save(file);
        assertEquals(position, ModelFile.read(file, backend()).training().orElseThrow());
        assertEquals(6, position.nextEpoch());
        assertTrue(ModelFile.read(saveBare(model), backend()).training().isEmpty());
    }

    @Test
    void anOptimizerWithAScheduleOfItsOwnKeepsItsStateButNotAnObject() throws IOException {
        Sequential a = SampleModels.mlp(backend(), 5, 9, 4, 21);
        Optimizer adam = Optimizers.adam(step -> 0.01 / (1 + step));
        SampleModels.train(a, adam, 2, 3);
        Path file = dir.resolve("lambda.zip");
        ModelFile.save(file, a, adam);
        SavedModel saved = ModelFile.read(file, backend());
        assertTrue(saved.optimizer().isEmpty(), "a schedule the file cannot describe is not rebuilt");
        assertEquals(2, saved.optimizerState().orElseThrow().iterations());
        assertEquals(adam.toString(), saved.optimizerDescription().orElseThrow());
    }

    private static Dropout dropout(Sequential model) {
        return (Dropout) model.layers().stream().filter(l -> l instanceof Dropout).findFirst().orElseThrow();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void normalizerClassNamesAndMetadataRoundTrip() throws IOException {
        Sequential model = SampleModels.everyLayer(backend());
        Normalizer norm = Normalizer.of(new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.5f, 0.25f, 1, 2, 4, 1e-3f});
        Path file = dir.resolve("extras.zip");
        ModelFile.writer(model).normalizer(norm).classNames(List.of("cat", "dog", "T-shirt/top"))
                .metadata("dataset", "toy").metadata("accuracy", "0.5").save(file);

        SavedModel saved = ModelFile.read(file, backend());
        assertArrayEquals(norm.shift(), saved.normalizer().orElseThrow().shift());
        assertArrayEquals(norm.scale(), saved.normalizer().orElseThrow().scale());
        assertEquals(List.of("cat", "dog", "T-shirt/top"), saved.classNames());
        assertEquals(List.of("dataset", "accuracy"), new ArrayList<>(saved.metadata().keySet()));
        assertEquals("0.5", saved.metadata().get("accuracy"));
        assertEquals(ModelFile.FORMAT_VERSION, saved.formatVersion());
        assertTrue(saved.optimizerState().isEmpty());

        SavedModel bare = ModelFile.read(saveBare(model), backend());
        assertTrue(bare.normalizer().isEmpty() && bare.classNames().isEmpty() && bare.metadata().isEmpty());
    }

    @Test
    void theDescriptionIsJsonAndEveryTensorANumpyArray() throws IOException {
        Sequential model = SampleModels.everyLayer(backend());
        Adam adam = Optimizers.adam(0.05);
        SampleModels.train(model, adam, 2, 1);
        Path file = dir.resolve("layout.zip");
        ModelFile.save(file, model, adam);

        Map<String, byte[]> entries = ZipEdit.read(file);
        ObjectNode d = ZipEdit.description(entries);
        assertEquals(ModelFile.FORMAT, d.get("format").textValue());
        assertEquals(ModelFile.FORMAT_VERSION, d.get("formatVersion").intValue());
        assertEquals(2, ModelFile.FORMAT_VERSION);
        List<String> types = new ArrayList<>();
        d.get("model").get("layers").forEach(l -> types.add(l.get("type").textValue()));
        assertEquals(List.of("Dense", "ReLU", "Dropout", "Sequential", "Dense", "LeakyReLU", "GELU", "Dense", "Sigmoid",
                "Dense", "Softmax"), types);
        assertEquals(6, d.get("model").get("inputShape").get(0).intValue());
        JsonNode dense = d.get("model").get("layers").get(0);
        assertEquals(6, dense.get("config").get("inputs").intValue());
        assertEquals(8, dense.get("config").get("outputs").intValue());

        List<String> names = new ArrayList<>();
        model.parameters().forEach(p -> names.add(p.name()));
        List<String> saved = new ArrayList<>();
        d.get("parameters").fieldNames().forEachRemaining(saved::add);
        assertEquals(names, saved);
        assertTrue(saved.contains("3.0.weight"), "nested parameters are named <outer>.<inner>.<local>: " + saved);

        for (Parameter p : model.parameters()) {
            String entry = d.get("parameters").get(p.name()).textValue();
            assertEquals("parameters/" + p.name() + ".npy", entry);
            byte[] npy = entries.get(entry);
            assertEquals((byte) 0x93, npy[0]);
            assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, npy[6], "npy format version 1.0");
            int headerLength = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
            String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
            String shape = Arrays.toString(p.value().shape().dims()).replace('[', '(').replace(']', ')');
            if (p.value().shape().rank() == 1) {
                shape = shape.replace(")", ",)");
            }
            assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False")
                    && header.contains("'shape': " + shape), header);
            float[] values = new float[p.value().size()];
            java.nio.ByteBuffer.wrap(npy, 10 + headerLength, 4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            assertArrayEquals(p.value().toFloatArray(), values, p.name());
            assertEquals(ZipEdit.sha256(npy), d.get("entries").get(entry).get("sha256").textValue());
        }
        assertTrue(entries.containsKey("optimizer/0.weight/exp_avg.npy"), entries.keySet().toString());
        assertEquals(2, d.get("optimizer").get("iterations").intValue());
    }

    @Test
    void savingTheSameModelTwiceGivesTheSameBytes() throws IOException {
        Sequential model = SampleModels.everyLayer(backend());
        Path a = dir.resolve("a.zip");
        Path b = dir.resolve("b.zip");
        ModelFile.save(a, model);
        ModelFile.save(b, model);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void savingReplacesTheFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("model.zip");
        ModelFile.save(file, SampleModels.mlp(backend(), 5, 9, 4, 1));
        Sequential second = SampleModels.mlp(backend(), 5, 9, 4, 2);
        ModelFile.save(file, second);
        assertSame(second, ModelFile.load(file, backend()));
        assertEquals(List.of("model.zip"), listDir());
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
        Sequential first = SampleModels.mlp(backend(), 5, 9, 4, 1);
        Path file = dir.resolve("model.zip");
        ModelFile.save(file, first);
        byte[] before = Files.readAllBytes(file);

        // The third layer's codec throws, after the first layer's weights are already in the temporary file.
        LayerCodecs failing = LayerCodecs.standard().with(LayerCodec.of("Scale", ScaleLayer.class,
                (layer, config) -> {
                    throw new IllegalStateException("simulated failure while describing " + layer);
                }, config -> new ScaleLayer(config.getFloat("factor"))));
        Sequential second = Sequential.of(backend(), Shape.of(5), new Dense(5, 9, 3L), new ReLU(), new ScaleLayer(2f),
                new Dense(9, 4, 4L));
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.writer(second).codecs(failing).save(file));
        assertTrue(e.getMessage().contains("simulated failure") && e.getMessage().contains("unchanged"),
                e.getMessage());
        assertEquals(file, e.file());

        assertArrayEquals(before, Files.readAllBytes(file), "the previous file must be untouched");
        assertSame(first, ModelFile.load(file, backend()));
        assertEquals(List.of("model.zip"), listDir(), "the temporary file must be removed");

        Path fresh = dir.resolve("never.zip");
        assertThrows(ModelFileException.class, () -> ModelFile.writer(second).codecs(failing).save(fresh));
        assertFalse(Files.exists(fresh), "a failed first save leaves no file");
        assertEquals(List.of("model.zip"), listDir());
    }

    @Test
    void customLayersNeedTheirCodecOnBothSides() throws IOException {
        LayerCodecs codecs = LayerCodecs.standard().with(LayerCodec.of("Scale", ScaleLayer.class,
                (layer, config) -> config.put("factor", layer.factor),
                config -> new ScaleLayer(config.getFloat("factor"))));
        Sequential model = Sequential.of(backend(), Shape.of(5), new Dense(5, 9, 3L), new ScaleLayer(-1.5f),
                new Dense(9, 4, 4L));
        Path file = dir.resolve("custom.zip");

        ModelFileException noCodec = assertThrows(ModelFileException.class, () -> ModelFile.save(file, model));
        assertTrue(noCodec.getMessage().contains("layer 1 (Scale(-1.5))") && noCodec.getMessage().contains("codec"),
                noCodec.getMessage());
        assertFalse(Files.exists(file), "nothing is written for a model that cannot be described");

        ModelFile.writer(model).codecs(codecs).save(file);
        Sequential loaded = ModelFile.read(file, backend(), codecs).model();
        Tensor x = SampleModels.inputs(backend(), 3, 5, 9);
        assertArrayEquals(model.predict(x).toFloatArray(), loaded.predict(x).toFloatArray());

        ModelFileException unknown = assertThrows(ModelFileException.class, () -> ModelFile.load(file, backend()));
        assertTrue(unknown.getMessage().contains("'Scale'") && unknown.getMessage().contains("codecs"),
                unknown.getMessage());
    }

    @Test
    void saveChecksWhatItIsGivenBeforeWriting() {
        Sequential model = SampleModels.everyLayer(backend());
        Path file = dir.resolve("m.zip");
        ModelFileException norm = assertThrows(ModelFileException.class, () -> ModelFile.writer(model)
                .normalizer(Normalizer.range(0, 255, 784)).save(file));
        assertTrue(norm.getMessage().contains("784 features"), norm.getMessage());
        ModelFileException names = assertThrows(ModelFileException.class, () -> ModelFile.writer(model)
                .classNames(List.of("a", "b")).save(file));
        assertTrue(names.getMessage().contains("2 class names") && names.getMessage().contains("3 outputs"),
                names.getMessage());

        ModelFileException noDir = assertThrows(ModelFileException.class,
                () -> ModelFile.save(dir.resolve("no/such/dir/m.zip"), model));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
        ModelFileException isDir = assertThrows(ModelFileException.class, () -> ModelFile.save(dir, model));
        assertTrue(isDir.getMessage().contains("is a directory"), isDir.getMessage());
        assertFalse(Files.exists(file));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private Path saveBare(Sequential model) throws IOException {
        Path file = dir.resolve("bare.zip");
        ModelFile.save(file, model);
        return file;
    }

    private List<String> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("model") || n.startsWith(".")
                    || n.endsWith(".tmp") || n.startsWith("never")).sorted().toList();
        }
    }

    /** Same architecture (layer by layer), same parameter names and bit-identical values. */
    static void assertSame(Sequential expected, Sequential actual) {
        assertEquals(expected.inputShape(), actual.inputShape());
        assertEquals(expected.outputShape(), actual.outputShape());
        assertEquals(expected.layers().toString(), actual.layers().toString());
        assertEquals(expected.parameters().size(), actual.parameters().size());
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter e = expected.parameters().get(i);
            Parameter a = actual.parameters().get(i);
            assertEquals(e.name(), a.name());
            assertEquals(e.value().shape(), a.value().shape(), e.name());
            assertArrayEquals(e.value().toFloatArray(), a.value().toFloatArray(), e.name());
        }
    }

    private void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], crossBackendTolerance(), "element " + i);
        }
    }
}
