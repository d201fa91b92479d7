package io.neurite.bench;

import io.neurite.kernel.ConvolutionKernels;
import io.neurite.kernel.Window2d;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
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
 * The convolution kernels of the Fashion-MNIST CNN, per backend: forward, input gradient and weight gradient
 * of its two layers, {@code conv1} = 1→32 3x3 same on 28x28 and {@code conv2} = 32→64 3x3 same on 14x14
 * (the layer is in the method's name, so that the smoke profile runs each once). The report turns times into
 * GFLOPS with {@code 2 * N * F * C * 9 * outH * outW} floating-point operations per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchSetup.ADD_MODULES, BenchSetup.VECTOR_MODULE, BenchSetup.XMS, BenchSetup.XMX,
        BenchSetup.NATIVE_ACCESS, BenchSetup.QUIET_LOG})
@State(Scope.Benchmark)
public class ConvBenchmark {
    private static final Window2d SAME_3X3 = new Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1);

    @Param({"pure", "nd4j"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"32", "128"})
    public int batch;

    /** One layer's operands. */
    static final class Layer {
        final Tensor input;
        final Tensor weight;
        final Tensor bias;
        final Tensor output;
        final Tensor gradInput;
        final Tensor gradWeight;
        final Tensor gradBias;

        Layer(Backend b, int batch, int in, int out, int size) {
            input = b.of(BenchData.uniform(batch * in * size * size, 1), Shape.of(batch, in, size, size));
            weight = b.of(BenchData.uniform(out * in * 9, 2), Shape.of(out, in, 3, 3));
            bias = b.zeros(out);
            output = b.of(BenchData.uniform(batch * out * size * size, 3), Shape.of(batch, out, size, size));
            gradInput = b.zeros(input.shape());
            gradWeight = b.zeros(weight.shape());
            gradBias = b.zeros(out);
        }
    }

    ConvolutionKernels kernels;
    Layer conv1;
    Layer conv2;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = BenchSetup.neurite(backend, threads);
        kernels = b.kernels().convolution();
        conv1 = new Layer(b, batch, 1, 32, 28);
        conv2 = new Layer(b, batch, 32, 64, 14);
    }

    private Tensor forward(Layer l) {
        kernels.conv2d(l.input, l.weight, l.bias, SAME_3X3, l.output);
        return l.output;
    }

    private Tensor inputGradient(Layer l) {
        kernels.conv2dInputGradient(l.output, l.weight, SAME_3X3, l.gradInput);
        return l.gradInput;
    }

    private Tensor weightGradient(Layer l) {
        // accumulates; the growing values do not change the speed
        kernels.conv2dWeightGradient(l.input, l.output, SAME_3X3, l.gradWeight, l.gradBias);
        return l.gradWeight;
    }

    @Benchmark
    public Tensor conv1Forward() {
        return forward(conv1);
    }

    @Benchmark
    public Tensor conv1InputGradient() {
        return inputGradient(conv1);
    }

    @Benchmark
    public Tensor conv1WeightGradient() {
        return weightGradient(conv1);
    }

    @Benchmark
    public Tensor conv2Forward() {
        return forward(conv2);
    }

    @Benchmark
    public Tensor conv2InputGradient() {
        return inputGradient(conv2);
    }

    @Benchmark
    public Tensor conv2WeightGradient() {
        return weightGradient(conv2);
    }
}
