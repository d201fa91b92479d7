package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --checkpoint} and {@code --resume}: a run resumed from its checkpoint ends with the weights of the
 * uninterrupted run, bit for bit; a checkpoint that does not match the command line is refused with a message
 * naming each difference and the options behind it.
 */
class CheckpointResumeTest {
    @TempDir
    static Path dir;
    static SyntheticIdx data;
    static final Backend PURE = Backends.get("pure");

    @BeforeAll
    static void writeData() throws IOException {
        data = new SyntheticIdx(dir);
    }

    private static String[] idx(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("idx", "--backend", "pure", "--train-images",
                data.trainImages.toString(), "--train-labels", data.trainLabels.toString(), "--test-images",
                data.testImages.toString(), "--test-labels", data.testLabels.toString(), "--hidden", "24,16",
                "--dropout", "0.2", "--batch-size", "32", "--lr", "0.01", "--no-progress"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfTheUninterruptedOne() throws IOException {
        Cli whole = Cli.run(idx("--schedule", "constant", "--epochs", "4", "--save", path("whole.zip")));
        assertEquals(0, whole.exitCode, whole.toString());
        Cli half = Cli.run(idx("--schedule", "constant", "--epochs", "2", "--checkpoint", path("run.zip")));
        assertEquals(0, half.exitCode, half.toString());
        assertEquals(2, ModelFile.read(dir.resolve("run.zip"), PURE).training().orElseThrow().epoch());

        Cli rest = Cli.run(idx("--schedule", "constant", "--epochs", "4", "--resume", path("run.zip"), "--checkpoint",
                path("run.zip"), "--save", path("resumed.zip")));
        assertEquals(0, rest.exitCode, rest.toString());
        assertTrue(rest.out.contains("resuming from " + path("run.zip") + ": epoch 3 of 4"), rest.out);
        assertTrue(rest.out.contains("epoch 3/4") && rest.out.contains("epoch 4/4"), rest.out);
        assertFalse(rest.out.contains("epoch 1/4"), rest.out);
        assertEquals(4, ModelFile.read(dir.resolve("run.zip"), PURE).training().orElseThrow().epoch(),
                "the resumed run goes on checkpointing");

        Sequential expected = ModelFile.load(dir.resolve("whole.zip"), PURE);
        Sequential actual = ModelFile.load(dir.resolve("resumed.zip"), PURE);
        for (int i = 0; i < expected.parameters().size(); i++) {
            Parameter e = expected.parameters().get(i);
            assertArrayEquals(e.value().toFloatArray(), actual.parameters().get(i).value().toFloatArray(), e.name());
        }
        assertEquals(whole.testAccuracy(), rest.testAccuracy());
    }

    @Test
    void aCheckpointThatDoesNotMatchTheCommandLineIsRefusedSayingWhatDiffers() {
        String checkpoint = path("two.zip");
        Cli first = Cli.run(idx("--epochs", "2", "--checkpoint", checkpoint, "--save", path("saved.zip")));
        assertEquals(0, first.exitCode, first.toString());

        // The default cosine schedule spans the epochs asked for: another --epochs is another optimizer.
        expectRefused(Cli.run(idx("--epochs", "3", "--resume", checkpoint)), "does not match this run",
                "optimizer: the checkpoint has Adam(lr=cosineDecay(", "--epochs");
        expectRefused(Cli.run(idx("--epochs", "3", "--hidden", "24,8", "--resume", checkpoint)), "model:",
                "--hidden");
        expectRefused(Cli.run(idx("--epochs", "3", "--seed", "2", "--resume", checkpoint)), "seed: the checkpoint has 1"
                + " but this run has 2");
        expectRefused(Cli.run("idx", "--backend", "pure", "--train-images", data.testImages.toString(),
                "--train-labels", data.testLabels.toString(), "--test-images", data.testImages.toString(),
                "--test-labels", data.testLabels.toString(), "--hidden", "24,16", "--dropout", "0.2", "--batch-size",
                "32", "--lr", "0.01", "--epochs", "3", "--resume", checkpoint), "data:", "training and",
                "normalisation");
        expectRefused(Cli.run(idx("--epochs", "3", "--resume", path("saved.zip"))), "not a checkpoint",
                "--checkpoint FILE");
        expectRefused(Cli.run(idx("--epochs", "2", "--resume", checkpoint)), "completed epoch 2",
                "nothing left to train");
        expectRefused(Cli.run(idx("--epochs", "2", "--resume", path("none.zip"))), "does not exist");
    }

    private static void expectRefused(Cli cli, String... fragments) {
        assertEquals(CliErrorHandler.RUN_FAILED, cli.exitCode, cli.toString());
        for (String f : fragments) {
            assertTrue(cli.err.contains(f), "expected '" + f + "' in:\n" + cli.err);
        }
        assertFalse(cli.err.contains("Exception"), cli.err);
        assertFalse(cli.out.contains("epoch 1/"), "nothing trained: " + cli.out);
    }
}
