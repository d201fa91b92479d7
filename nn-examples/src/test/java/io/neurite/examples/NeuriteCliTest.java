package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program end to end on a small synthetic IDX data set (idx → save → evaluate → predict), and its
 * behaviour on bad input: one clear message on stderr, a non-zero exit status and no stack trace.
 */
class NeuriteCliTest {
    @TempDir
    static Path dir;
    static SyntheticIdx data;

    @BeforeAll
    static void writeData() throws IOException {
        data = new SyntheticIdx(dir);
    }

    private static String[] idxArgs(String... more) {
        String[] base = {"idx", "--train-images", data.trainImages.toString(), "--train-labels",
                data.trainLabels.toString(), "--test-images", data.testImages.toString(), "--test-labels",
                data.testLabels.toString(), "--hidden", "32,16", "--epochs", "4", "--batch-size", "32", "--lr", "0.01"};
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void idxTrainsSavesEvaluatesAndPredicts() throws IOException {
        Path model = dir.resolve("models/synthetic.zip");
        Path chart = dir.resolve("chart.png");
        Path history = dir.resolve("history.csv");
        Cli train = Cli.run(idxArgs("--save", model.toString(), "--plot", chart.toString(), "--history",
                history.toString(), "--class-names", "top,bottom,left,right"));
        assertEquals(0, train.exitCode, train.toString());
        assertTrue(train.testAccuracy() >= 0.95, train.toString());
        assertTrue(train.out.contains("epoch 4/4"), train.out);
        assertTrue(train.out.contains("val_acc"), train.out);
        assertTrue(train.out.contains("Confusion matrix") && train.out.contains("3 right"), train.out);
        assertTrue(train.err.contains("backend: "), train.err);
        assertTrue(Files.size(model) > 0);
        byte[] png = Files.readAllBytes(chart);
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(5, Files.readAllLines(history).size(), "a header and one row per epoch");

        Cli evaluate = Cli.run("evaluate", "--model", model.toString(), "--test-images", data.testImages.toString(),
                "--test-labels", data.testLabels.toString());
        assertEquals(0, evaluate.exitCode, evaluate.toString());
        assertEquals(train.testAccuracy(), evaluate.testAccuracy(), "the saved model scores as the trained one");

        Cli predict = Cli.run("predict", "--model", model.toString(), "--images", data.testImages.toString(),
                "--limit", "7");
        assertEquals(0, predict.exitCode, predict.toString());
        String[] lines = predict.out.strip().split("\n");
        assertEquals(8, lines.length, predict.out);
        assertEquals("image\tclass\tname\tprobability", lines[0]);
        String[] first = lines[1].split("\t");
        assertEquals("0", first[0]);
        assertTrue(java.util.List.of("top", "bottom", "left", "right").contains(first[2]), lines[1]);
    }

    @Test
    void validationZeroTrainsOnTheWholeTrainingSet() {
        Cli all = Cli.run(idxArgs("--validation", "0"));
        assertEquals(0, all.exitCode, all.toString());
        assertTrue(all.out.contains(" 0 validation"), all.out);
        assertTrue(!all.out.contains("val_acc"), "no validation figures without validation data: " + all.out);
        assertTrue(all.testAccuracy() >= 0.95, all.toString());
    }

    @Test
    void xorAndSpiralRunTheExamples() {
        Cli xor = Cli.run("xor", "--backend", "pure");
        assertEquals(0, xor.exitCode, xor.toString());
        assertTrue(xor.out.contains("accuracy: 1.00"), xor.out);
        assertTrue(xor.err.contains("pure backend: "), "says which kernel path runs: " + xor.err);
        Cli spiral = Cli.run("spiral", "--epochs", "40");
        assertEquals(0, spiral.exitCode, spiral.toString());
        assertTrue(spiral.out.contains("held-out accuracy: "), spiral.out);
        expectUsageError(Cli.run("spiral", "--momentum", "1.5"), "--momentum in [0, 1)");
    }

    @Test
    void backendsListsThePureBackend() {
        Cli cli = Cli.run("backends");
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("pure") && cli.out.contains("Selected:"), cli.out);
        assertTrue(cli.out.contains("kernels:"), cli.out);
    }

    // ---- bad input: exit status, one message, no stack trace ------------------------------------------------

    @Test
    void noCommand() {
        expectUsageError(Cli.run(), "no command given");
    }

    @Test
    void unknownOptionWithASuggestion() {
        Cli cli = Cli.run("fashion-mnist", "--epoks", "3");
        expectUsageError(cli, "Unknown option");
        assertTrue(cli.err.contains("--epochs"), "suggests the right option: " + cli.err);
    }

    @Test
    void nonsenseValues() {
        expectUsageError(Cli.run("fashion-mnist", "--lr", "fast"), "'--lr': 'fast' is not a double");
        expectUsageError(Cli.run("fashion-mnist", "--epochs", "0"), "--epochs must be at least 1");
        expectUsageError(Cli.run("fashion-mnist", "--lr", "-1"), "--lr must be a positive number");
        expectUsageError(Cli.run("fashion-mnist", "--optimizer", "adamax"), "--optimizer must be one of");
        expectUsageError(Cli.run("fashion-mnist", "--hidden", "256,0"), "--hidden sizes must be at least 1");
        expectUsageError(Cli.run("fashion-mnist", "--dropout", "1.5"), "--dropout must be in [0, 1)");
        expectUsageError(Cli.run("fashion-mnist", "--schedule", "linear"), "--schedule must be");
        expectUsageError(Cli.run("fashion-mnist", "--shift", "2"), "--shift and --flip augment images, which only --model cnn");
        expectUsageError(Cli.run("fashion-mnist", "--flip"), "--shift and --flip augment images");
        expectUsageError(Cli.run("fashion-mnist", "--label-smoothing", "1"), "--label-smoothing must be in [0, 1)");
        expectUsageError(Cli.run("fashion-mnist", "--validation", "-0.1"), "--validation must be in [0, 0.5)");
        expectUsageError(Cli.run("fashion-mnist", "--model", "cnn", "--shift", "-1"), "--shift must be >= 0");
        expectUsageError(Cli.run("idx", "--train-images", "a"), "Missing required options");
        expectUsageError(Cli.run("evaluate"), "Missing required option: '--model=FILE'");
        expectUsageError(Cli.run("evaluate", "--model", "m.zip", "--test-images", "x"), "--test-labels");
        expectUsageError(Cli.run("predict", "--model", "m.zip", "--images", "x", "--limit", "0"), "--limit");
    }

    @Test
    void unknownBackend() {
        Cli cli = Cli.run("evaluate", "--model", "m.zip", "--backend", "cuda");
        expectRunFailure(cli, "No Neurite backend named 'cuda'");
        assertTrue(cli.err.contains("--backend cuda") && cli.err.contains("pure"), "lists what there is: " + cli.err);
    }

    @Test
    void missingFiles() {
        expectRunFailure(Cli.run("evaluate", "--model", dir.resolve("none.zip").toString()), "does not exist");
        expectRunFailure(Cli.run(idxArgs()[0], "--train-images", "no-such-file", "--train-labels", "b",
                "--test-images", "c", "--test-labels", "d"), "--train-images no-such-file: no such file");
        expectRunFailure(Cli.run("fashion-mnist", "--data", dir.resolve("empty").toString()), "Fashion-MNIST");
    }

    @Test
    void filesThatAreNotModels() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.zip"), "not a model");
        expectRunFailure(Cli.run("evaluate", "--model", text.toString()), "not a zip archive");
        Path labelsAsModel = data.trainLabels;
        expectRunFailure(Cli.run("predict", "--model", labelsAsModel.toString(), "--images",
                data.testImages.toString()), "not a zip archive");

        Path model = dir.resolve("for-truncation.zip");
        assertEquals(0, Cli.run(idxArgs("--epochs", "1", "--save", model.toString())).exitCode);
        byte[] bytes = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        expectRunFailure(Cli.run("evaluate", "--model", cut.toString(), "--test-images", data.testImages.toString(),
                "--test-labels", data.testLabels.toString()), "truncated");
    }

    @Test
    void aModelForOtherData() throws IOException {
        Path model = dir.resolve("small.zip");
        assertEquals(0, Cli.run(idxArgs("--epochs", "1", "--save", model.toString())).exitCode);
        Path fashionLike = Files.write(dir.resolve("images-3x3.idx"), java.nio.ByteBuffer.allocate(16 + 9)
                .putInt(0x00000803).putInt(1).putInt(3).putInt(3).array());
        expectRunFailure(Cli.run("predict", "--model", model.toString(), "--images", fashionLike.toString()),
                "the model takes inputs of shape [64] but the images file has 9 values per sample");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli cli = Cli.run("evaluate", "--verbose", "--model", dir.resolve("none.zip").toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("\tat io.neurite"), cli.err);
    }

    private static void expectUsageError(Cli cli, String fragment) {
        assertEquals(CliErrorHandler.USAGE, cli.exitCode, cli.toString());
        assertOneMessage(cli, fragment);
    }

    private static void expectRunFailure(Cli cli, String fragment) {
        assertEquals(CliErrorHandler.RUN_FAILED, cli.exitCode, cli.toString());
        assertOneMessage(cli, fragment);
    }

    private static void assertOneMessage(Cli cli, String fragment) {
        assertTrue(cli.err.contains(fragment), "expected '" + fragment + "' in stderr:\n" + cli.err);
        assertFalse(cli.err.contains("\tat "), "no stack trace without --verbose:\n" + cli.err);
        assertFalse(cli.err.contains("Exception"), "no exception names for expected errors:\n" + cli.err);
        long errorLines = cli.err.lines().filter(l -> l.contains("error:")).count();
        assertEquals(1, errorLines, "exactly one error message:\n" + cli.err);
    }
}
