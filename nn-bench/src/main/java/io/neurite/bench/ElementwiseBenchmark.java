package io.neurite.bench;

import io.neurite.kernel.ActivationKernels;
import io.neurite.nn.ReLU;
import io.neurite.nn.SiLU;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Tensor;
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
 * ReLU (the activation kernels' fast path), SiLU (their generic path) and a row-vector bias add on a {@code [128, 256]} activation, written into an existing destination.
 * 32,768 elements is a few microseconds of arithmetic, so these expose the per-call overhead of a backend
 * (a JNI crossing and op dispatch for ND4J, thread hand-off for a multi-threaded pure kernel).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS, BenchSetup.XMX,
        BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
@State(Scope.Benchmark)
public class ElementwiseBenchmark {
    static final int ROWS = 128;
    static final int COLS = 256;

    @Param({"pure", "nd4j"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    Tensor x;
    Tensor bias;
    Tensor dest;
    ActivationKernels activations;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = BenchSetup.neurite(backend, threads);
        x = b.of(BenchData.uniform(ROWS * COLS, 1), ROWS, COLS);
        bias = b.of(BenchData.uniform(COLS, 2), COLS);
        dest = b.zeros(ROWS, COLS);
        activations = b.kernels().activations();
    }

    /** {@code dest = max(x, 0)}. */
    @Benchmark
    public Object relu() {
        return activations.forward(ReLU.FUNCTION, x, dest);
    }

    /**
     * {@code dest = x σ(x)}: SiLU has no fast path on any backend, so this measures the generic path of the
     * activation kernels (the function's scalar definition per element) against {@link #relu}'s fast path.
     */
    @Benchmark
    public Object siluGeneric() {
        return activations.forward(SiLU.FUNCTION, x, dest);
    }

    /** {@code dest[i][j] = x[i][j] + bias[j]}. */
    @Benchmark
    public Object biasAdd() {
        return x.addRowVector(bias, dest);
    }
}
