package io.neurite.bench;

import io.neurite.backend.pure.PeakProbe;
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
 * The peak probe: the FMA throughput of one core, as the pure backend's gemm micro-kernel reaches it on
 * L1-resident operands ({@link PeakProbe}, {@code 2 * PeakProbe.FMAS_PER_RUN} flops per call). The report
 * divides every gemm figure by this peak times the threads used (the cores do not share FMA units).
 * {@code backend} has the one value {@code pure} so the result fits the report's tables.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS, BenchSetup.XMX,
        BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
@State(Scope.Benchmark)
public class PeakBenchmark {
    @Param({"pure"})
    public String backend;

    PeakProbe probe;

    @Setup(Level.Trial)
    public void setUp() {
        probe = new PeakProbe();
        BenchSetup.announce("peak probe with the " + probe.describe());
    }

    @Benchmark
    public float peak() {
        return probe.run();
    }
}
