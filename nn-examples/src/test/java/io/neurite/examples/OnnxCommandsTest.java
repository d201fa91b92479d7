package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.tensor.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neurite export} and {@code neurite import} end to end, and their errors: one message, no stack trace. */
class OnnxCommandsTest {
    @TempDir
    static Path dir;
    static SyntheticIdx data;
    static Path trained;

    @BeforeAll
    static void train() throws IOException {
        data = new SyntheticIdx(dir);
        trained = dir.resolve("trained.zip");
        Cli cli = Cli.run("idx", "--train-images", data.trainImages.toString(), "--train-labels",
                data.trainLabels.toString(), "--test-images", data.testImages.toString(), "--test-labels",
                data.testLabels.toString(), "--hidden", "16", "--epochs", "2", "--batch-size", "32", "--lr", "0.01",
                "--save", trained.toString(), "--class-names", "top,bottom,left,right", "--backend", "pure");
        assertEquals(0, cli.exitCode, cli.toString());
    }

    @Test
    void exportThenImportGivesTheSameModelFile() throws IOException {
        Path onnx = dir.resolve("m.onnx");
        Cli export = Cli.run("export", "--model", trained.toString(), "--onnx", onnx.toString(), "--backend", "pure");
        assertEquals(0, export.exitCode, export.toString());
        assertTrue(export.out.contains("wrote " + onnx + ": ONNX opset 20"), export.out);
        assertTrue(export.out.contains("raw values"), export.out);

        Path back = dir.resolve("back.zip");
        Cli imported = Cli.run("import", "--onnx", onnx.toString(), "--model", back.toString(), "--backend", "nd4j");
        assertEquals(0, imported.exitCode, imported.toString());
        assertTrue(imported.out.contains("wrote " + back + " with the graph's input normalisation, 4 class names"),
                imported.out);

        Backend pure = Backends.get("pure");
        SavedModel a = ModelFile.read(trained, pure);
        SavedModel b = ModelFile.read(back, pure);
        assertEquals(a.classNames(), b.classNames());
        assertEquals(a.model().layers().toString(), b.model().layers().toString());
        for (int i = 0; i < a.model().parameters().size(); i++) {
            assertTrue(java.util.Arrays.equals(a.model().parameters().get(i).value().toFloatArray(),
                    b.model().parameters().get(i).value().toFloatArray()), "parameter " + i + " bit-identical");
        }
        assertTrue(java.util.Arrays.equals(a.normalizer().orElseThrow().shift(), b.normalizer().orElseThrow().shift()));

        String[] evaluate = {"evaluate", "--test-images", data.testImages.toString(), "--test-labels",
                data.testLabels.toString(), "--backend", "pure", "--model"};
        Cli before = Cli.run(append(evaluate, trained.toString()));
        Cli after = Cli.run(append(evaluate, back.toString()));
        assertEquals(0, after.exitCode, after.toString());
        assertEquals(before.testAccuracy(), after.testAccuracy(), "the imported model scores as the original");
    }

    @Test
    void badOnnxFilesGiveOneMessage() throws IOException {
        byte[] random = new byte[2000];
        new Random(3).nextBytes(random);
        Path noise = Files.write(dir.resolve("noise.onnx"), random);
        expectOneMessage(Cli.run("import", "--onnx", noise.toString(), "--model", dir.resolve("x.zip").toString()),
                "not an ONNX model");
        expectOneMessage(Cli.run("import", "--onnx", trained.toString(), "--model", dir.resolve("x.zip").toString()),
                "not an ONNX model");
        expectOneMessage(Cli.run("import", "--onnx", dir.resolve("nothing.onnx").toString(), "--model",
                dir.resolve("x.zip").toString()), "no such file");
        assertFalse(Files.exists(dir.resolve("x.zip")), "nothing written on failure");
        expectOneMessage(Cli.run("export", "--model", noise.toString(), "--onnx", dir.resolve("y.onnx").toString()),
                "noise.onnx");
        assertFalse(Files.exists(dir.resolve("y.onnx")), "nothing written on failure");
    }

    private static void expectOneMessage(Cli cli, String fragment) {
        assertEquals(CliErrorHandler.RUN_FAILED, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains(fragment), "expected '" + fragment + "' in stderr:\n" + cli.err);
        assertFalse(cli.err.contains("\tat "), "no stack trace:\n" + cli.err);
        assertFalse(cli.err.contains("Exception"), "no exception names:\n" + cli.err);
        assertEquals(1, cli.err.lines().filter(l -> l.contains("error:")).count(), cli.err);
        System.out.println(cli.err.lines().filter(l -> l.contains("error:")).findFirst().orElseThrow());
    }

    private static String[] append(String[] a, String last) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = last;
        return all;
    }
}
