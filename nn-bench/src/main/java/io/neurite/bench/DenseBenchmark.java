package io.neurite.bench;

import io.neurite.nn.Dense;
import io.neurite.nn.Initializer;
import io.neurite.nn.Parameter;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
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
 * One Dense layer 784→256 as a hidden layer trains it: zero its gradients, forward, and backward with the
 * input gradient (three gemms — X·W, dY·Wᵀ, Xᵀ·dY — plus the bias add and the bias gradient's column sums).
 * The report shows samples per second ({@code batch / time}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS, BenchSetup.XMX,
        BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
@State(Scope.Benchmark)
public class DenseBenchmark {
    static final int IN = 784;
    static final int OUT = 256;

    @Param({"pure", "nd4j"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"32", "128", "512"})
    public int batch;

    Dense dense;
    List<Parameter> parameters;
    Tensor input;
    Tensor gradOutput;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = BenchSetup.neurite(backend, threads);
        dense = new Dense(IN, OUT, Initializer.heNormal(1));
        dense.build(b, Shape.of(IN));
        parameters = dense.parameters();
        input = b.of(BenchData.pixels(batch * IN, 3), batch, IN);
        gradOutput = b.of(BenchData.uniform(batch * OUT, 4), batch, OUT);
    }

    @Benchmark
    public Object forwardBackward() {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).zeroGrad();
        }
        dense.forward(input, true);
        return dense.backward(gradOutput, true);
    }
}
