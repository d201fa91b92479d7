package io.neurite.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of the MLP 784-256-128-10 (forward, softmax cross-entropy, backward, Adam update)
 * on one batch, which stays fixed: the data pipeline is not measured. The report turns the time into
 * samples per second ({@code batch / time}). Run it with {@code -prof gc} for the bytes allocated per step.
 *
 * <p>{@code backend}: {@code pure}, {@code nd4j} (Neurite), or {@code dl4j}, the same network as a
 * DeepLearning4j {@code MultiLayerNetwork}. The nested {@link Cnn} benchmark is the Fashion-MNIST CNN's step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS, BenchSetup.XMX,
        BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
@State(Scope.Benchmark)
public class TrainingStepBenchmark {

    @Param({"pure", "nd4j", "dl4j"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"32", "128", "512"})
    public int batch;

    TrainingStep step;

    @Setup(Level.Trial)
    public void setUp() {
        step = TrainingStep.create(backend, threads, batch);
    }

    @Benchmark
    public double step() {
        return step.step();
    }

    /**
     * One training step of the Fashion-MNIST CNN ({@link CnnTrainingStep}, Adam, on a fixed batch) on a
     * Neurite backend, with its own parameters (there is no DL4J counterpart, and batch 512 would only repeat
     * batch 128). {@code nn-bench/pytorch/cnn_step.py} measures PyTorch on the same network.
     */
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS,
            BenchSetup.XMX, BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
    @State(Scope.Benchmark)
    public static class Cnn {
        @Param({"pure", "nd4j"})
        public String backend;

        @Param({"1", "2"})
        public int threads;

        @Param({"32", "128"})
        public int batch;

        CnnTrainingStep step;

        @Setup(Level.Trial)
        public void setUp() {
            step = new CnnTrainingStep(BenchSetup.neurite(backend, threads), batch);
        }

        @Benchmark
        public double step() {
            return step.step();
        }
    }
}
