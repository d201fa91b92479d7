package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.io.Checkpoint;
import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.nn.Dropout;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.Sequential;
import io.neurite.optim.GradientClipping;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Tensor;
import io.neurite.train.TrainingPosition;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume: {@code fit} for {@value ResumeRun#EPOCHS} epochs gives bit-identical weights, optimizer slots
 * and Dropout generators to {@code fit} for 5 epochs with a {@link Checkpoint}, then loading the checkpoint in a
 * new JVM and fitting the other 5 — with Dropout, a cosine schedule, Adam and gradient clipping (see
 * {@link ResumeRun}). The child JVM gets this JVM's class path, backend and kernel-path settings.
 */
public abstract class ExactResumeTests {

    protected abstract Backend backend();

    @TempDir
    Path dir;

    @Test
    void tenEpochsEqualFiveThenFiveMoreInANewJvm() throws Exception {
        CountingClipping clipping = new CountingClipping(GradientClipping.byGlobalNorm(ResumeRun.MAX_NORM));
        Sequential straight = ResumeRun.model(backend());
        Optimizer straightOptimizer = ResumeRun.optimizer();
        ResumeRun.trainer(straightOptimizer, ResumeRun.EPOCHS, clipping).build().fit(straight, ResumeRun.data());
        assertTrue(clipping.clipped > 0 && clipping.clipped < clipping.calls,
                "the clipping must act on some steps and not all: " + clipping.clipped + " of " + clipping.calls);

        Path checkpoint = dir.resolve("checkpoint.zip");
        Sequential firstHalf = ResumeRun.model(backend());
        ResumeRun.trainer(ResumeRun.optimizer(), 5, GradientClipping.byGlobalNorm(ResumeRun.MAX_NORM),
                new Checkpoint(checkpoint)).build().fit(firstHalf, ResumeRun.data());
        TrainingPosition at = ModelFile.read(checkpoint, backend()).training().orElseThrow();
        assertEquals(new TrainingPosition(5, ResumeRun.SHUFFLE_SEED, true, ResumeRun.BATCH, ResumeRun.data().size()),
                at);

        Path result = dir.resolve("resumed.zip");
        runInNewJvm(checkpoint, result);
        SavedModel resumed = ModelFile.read(result, backend());

        List<Parameter> expected = straight.parameters();
        List<Parameter> actual = resumed.model().parameters();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).value().toFloatArray(), actual.get(i).value().toFloatArray(),
                    "parameter " + expected.get(i).name() + " after 10 epochs straight vs 5 + 5 in a new JVM");
        }
        OptimizerState want = straightOptimizer.state();
        OptimizerState got = resumed.optimizerState().orElseThrow();
        assertEquals(want.iterations(), got.iterations());
        for (Map.Entry<String, Tensor> e : want.tensors().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), got.tensors().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertEquals(dropoutStates(straight), dropoutStates(resumed.model()));
    }

    private static List<Long> dropoutStates(Sequential model) {
        List<Long> states = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof Dropout d) {
                states.add(d.randomState());
            }
        }
        return states;
    }

    /** Runs {@link ResumeRun#main} in a new JVM on this backend and kernel path; fails on a non-zero exit. */
    private void runInNewJvm(Path checkpoint, Path result) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        // The JVM's own flags too: the vector width (-XX:UseAVX=2, -XX:MaxVectorSize=16) is part of the kernel
        // path, and a child at another width is another machine to the bits (on a Zen 5 the 256-bit run's child
        // ran at 512 bits and the weights differed in the last place).
        for (String flag : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("-XX:")) {
                command.add(flag);
            }
        }
        for (String property : List.of("neurite.threads", "neurite.test.expectedPath")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add("-Dneurite.backend=" + backend().name());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        // Surefire runs tests from a manifest-only jar, so java.class.path is not the class path.
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(ResumeRun.class.getName());
        command.add(checkpoint.toString());
        command.add(result.toString());
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log);
        assertTrue(done, "the child JVM did not finish in 5 minutes:\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", command).replace(File.pathSeparator, " ") + "\n" + out);
    }

    /** Counts the steps on which the clipping changed the gradients. */
    private static final class CountingClipping implements GradientClipping {
        private final GradientClipping inner;
        int calls;
        int clipped;

        CountingClipping(GradientClipping inner) {
            this.inner = inner;
        }

        @Override
        public double clip(List<Parameter> parameters) {
            double norm = inner.clip(parameters);
            calls++;
            if (norm > ResumeRun.MAX_NORM) {
                clipped++;
            }
            return norm;
        }
    }
}
