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
 * sgemm into an existing C ({@code beta = 0}): square products of size {@code n}, and the three products of
 * a Dense layer 784→256 at batch 128 — forward {@code X·W} (NN), and backward {@code dY·Wᵀ} (NT) and
 * {@code Xᵀ·dY} (TN). Each is 2·m·n·k floating-point operations; the report turns times into GFLOPS.
 *
 * <p>{@code backend}: a Neurite backend ({@code pure}, {@code nd4j}) or {@code nd4j-raw}, ND4J's
 * {@code Nd4j.gemm} called directly, so that Neurite-nd4j / nd4j-raw is the cost of the wrapper.
 *
 * <p>Warm-up: five 1 s iterations by default; the Vector API kernel needs C2 to have compiled it (about
 * 3.5 s at n = 1024 on JDK 25), so quick runs should not go below about 4 s of warm-up for large n.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS, BenchSetup.XMX,
        BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
public class GemmBenchmark {

    /** The Dense layer whose products are measured: batch 128, 784 inputs, 256 outputs. */
    static final int BATCH = 128;
    static final int IN = 784;
    static final int OUT = 256;

    /** A square product {@code [n, n] · [n, n]}. */
    @State(Scope.Benchmark)
    public static class Square {
        @Param({"pure", "nd4j", "nd4j-raw"})
        public String backend;

        @Param({"1", "2"})
        public int threads;

        @Param({"32", "64", "128", "256", "512", "1024"})
        public int n;

        GemmCase gemm;

        @Setup(Level.Trial)
        public void setUp() {
            gemm = GemmCase.create(backend, threads, n, n, n, false, false);
        }
    }

    /** The three products of Dense 784→256 at batch 128; only the one a method uses is allocated. */
    @State(Scope.Benchmark)
    public static class Dense {
        @Param({"pure", "nd4j", "nd4j-raw"})
        public String backend;

        @Param({"1", "2"})
        public int threads;

        /** forward {@code Y[128,256] = X[128,784] · W[784,256]}. */
        GemmCase forward() {
            return GemmCase.create(backend, threads, BATCH, OUT, IN, false, false);
        }

        /** backward to the input: {@code dX[128,784] = dY[128,256] · Wᵀ}, W stored {@code [784,256]}. */
        GemmCase backwardInput() {
            return GemmCase.create(backend, threads, BATCH, IN, OUT, false, true);
        }

        /** backward to the weights: {@code dW[784,256] = Xᵀ · dY}, X stored {@code [128,784]}. */
        GemmCase backwardWeights() {
            return GemmCase.create(backend, threads, IN, OUT, BATCH, true, false);
        }
    }

    /** Holds one Dense product per trial (JMH states are per benchmark method, so each gets its own). */
    @State(Scope.Benchmark)
    public static class DenseForward {
        GemmCase gemm;

        @Setup(Level.Trial)
        public void setUp(Dense dense) {
            gemm = dense.forward();
        }
    }

    @State(Scope.Benchmark)
    public static class DenseBackwardInput {
        GemmCase gemm;

        @Setup(Level.Trial)
        public void setUp(Dense dense) {
            gemm = dense.backwardInput();
        }
    }

    @State(Scope.Benchmark)
    public static class DenseBackwardWeights {
        GemmCase gemm;

        @Setup(Level.Trial)
        public void setUp(Dense dense) {
            gemm = dense.backwardWeights();
        }
    }

    @Benchmark
    public Object square(Square s) {
        return s.gemm.multiply();
    }

    /** NN: {@code X·W}, m=128 n=256 k=784. */
    @Benchmark
    public Object denseForwardNN(DenseForward s) {
        return s.gemm.multiply();
    }

    /** NT: {@code dY·Wᵀ}, m=128 n=784 k=256. */
    @Benchmark
    public Object denseBackwardNT(DenseBackwardInput s) {
        return s.gemm.multiply();
    }

    /** TN: {@code Xᵀ·dY}, m=784 n=256 k=128. */
    @Benchmark
    public Object denseBackwardTN(DenseBackwardWeights s) {
        return s.gemm.multiply();
    }
}
