package io.neurite.bench;

import io.neurite.loss.SoftmaxCrossEntropy;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Buffer;
import io.neurite.nn.Layer;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the CNN's training step ({@link CnnTrainingStep}) spends its time and its bytes, layer by layer:
 * forward and backward of each layer, the loss and the optimizer, as the median wall time over many steps
 * and the bytes allocated per step by every thread of the JVM (HotSpot's per-thread allocation counters).
 * A diagnostic to find what to speed up next, not a benchmark: JMH ({@code TrainingStepBenchmark.Cnn})
 * gives the figures that count.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Dneurite.threads=2 -cp nn-bench/target/benchmarks.jar \
 *       io.neurite.bench.CnnStepProfile [backend] [batch] [warm-up seconds] [measured steps]
 *   java ... io.neurite.bench.CnnStepProfile kernels [backend] [batch] [seconds per kernel]
 *   java ... io.neurite.bench.CnnStepProfile steps [backend] [cnn|mlp] [batch] [warm-up seconds] [measured steps]
 * </pre>
 * The second form times the CNN's six convolution kernels alone (forward, input gradient and weight gradient
 * of both layers, {@link ConvBenchmark}'s operands) by this thread's CPU time: with one thread, a figure that
 * holds up on a busy machine. The third form times whole steps of the CNN or of the MLP ({@link TrainingStep}),
 * without the per-layer counters: the median CPU time of the calling thread (with one thread, the whole step's
 * cost even on a busy machine), the median wall time, and the bytes every thread allocated per step. With
 * {@code -Dprofile.windowMs=500} it also prints the median wall time of each such window of the measured steps,
 * in order: a JVM whose two-thread step changes speed part of the way through shows it there.
 */
public final class CnnStepProfile {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CnnStepProfile() {
    }

    /** A layer that times its wrapped layer's forward and backward. */
    private static final class Timed implements Layer {
        final Layer layer;
        long[] forwardNanos;
        long[] backwardNanos;
        long[] forwardCpu;
        long[] backwardCpu;
        long forwardBytes;
        long backwardBytes;
        int step = -1;

        final String name;

        Timed(Layer layer, String name) {
            this.layer = layer;
            this.name = name;
        }

        @Override
        public Shape outputShape(Shape in) {
            return layer.outputShape(in);
        }

        @Override
        public void build(Backend backend, Shape in) {
            layer.build(backend, in);
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            long b = allocated();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            Tensor out = layer.forward(input, training);
            t = System.nanoTime() - t;
            cpu = THREADS.getCurrentThreadCpuTime() - cpu;
            b = allocated() - b;
            if (step >= 0) {
                forwardNanos[step] = t;
                forwardCpu[step] = cpu;
                forwardBytes += b;
            }
            return out;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return backward(gradOutput, true);
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean inputGradientNeeded) {
            long b = allocated();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            Tensor out = layer.backward(gradOutput, inputGradientNeeded);
            t = System.nanoTime() - t;
            cpu = THREADS.getCurrentThreadCpuTime() - cpu;
            b = allocated() - b;
            if (step >= 0) {
                backwardNanos[step] = t;
                backwardCpu[step] = cpu;
                backwardBytes += b;
            }
            return out;
        }

        @Override
        public List<Parameter> parameters() {
            return layer.parameters();
        }

        @Override
        public List<Buffer> buffers() {
            return layer.buffers();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static long[] ids = new long[0];
    private static long[] counts = new long[0];

    /** Bytes allocated so far by every live thread (the ids are refreshed only when threads come or go). */
    private static long allocated() {
        int n = Thread.activeCount();
        if (n != ids.length) {
            ids = ManagementFactory.getThreadMXBean().getAllThreadIds();
        }
        counts = THREADS.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (long c : counts) {
            sum += Math.max(0, c);
        }
        return sum;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("kernels")) {
            kernels(args);
            return;
        }
        if (args.length > 0 && args[0].equals("steps")) {
            steps(args);
            return;
        }
        String backendName = args.length > 0 ? args[0] : "pure";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        double warmUpSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Backend backend = io.neurite.discovery.Backends.get(backendName);
        System.out.println("# " + backend.describe());
        // -Dprofile.model=mlp: the MLP of TrainingStep (784-256-128-10) instead of the CNN
        boolean mlp = "mlp".equals(System.getProperty("profile.model"));
        Sequential plain = mlp
                ? Sequential.of(backend, Shape.of(TrainingStep.INPUTS),
                        new io.neurite.nn.Dense(TrainingStep.INPUTS, TrainingStep.HIDDEN1,
                                io.neurite.nn.Initializer.heNormal(1)), new ReLU(),
                        new io.neurite.nn.Dense(TrainingStep.HIDDEN1, TrainingStep.HIDDEN2,
                                io.neurite.nn.Initializer.heNormal(2)), new ReLU(),
                        new io.neurite.nn.Dense(TrainingStep.HIDDEN2, TrainingStep.CLASSES,
                                io.neurite.nn.Initializer.xavierUniform(3)))
                : CnnTrainingStep.model(backend);
        List<Timed> timed = new ArrayList<>();
        List<Layer> layers = plain.layers();
        Shape shape = plain.inputShape();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof BatchNorm && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU) {
                // timed as the pair that Sequential fuses into one pass: a wrapper around each would hide it
                timed.add(new Timed(new Sequential(backend, shape, List.of(l, layers.get(i + 1))),
                        l + " + ReLU (fused)"));
                i++;
            } else {
                timed.add(new Timed(l, l.toString()));
            }
            shape = timed.get(timed.size() - 1).outputShape(shape);
        }
        Sequential model = new Sequential(backend, plain.inputShape(), timed);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer optimizer = Optimizers.adam(TrainingStep.LEARNING_RATE);
        Tensor features = mlp ? backend.of(BenchData.pixels(batch * 784, 3), batch, 784)
                : backend.of(BenchData.pixels(batch * 784, 3), batch, 1, 28, 28);
        Tensor labels = backend.of(BenchData.oneHot(batch, 10, 4), batch, 10);
        Tensor gradient = backend.zeros(batch, 10);
        long end = System.nanoTime() + (long) (warmUpSeconds * 1e9);
        int warm = 0;
        while (System.nanoTime() < end) {
            step(model, loss, optimizer, features, labels, gradient);
            warm++;
        }
        for (Timed t : timed) {
            t.forwardNanos = new long[steps];
            t.backwardNanos = new long[steps];
            t.forwardCpu = new long[steps];
            t.backwardCpu = new long[steps];
        }
        long[] lossNanos = new long[steps];
        long[] optNanos = new long[steps];
        long[] stepNanos = new long[steps];
        long lossBytes = 0;
        long optBytes = 0;
        long stepBytes = 0;
        for (int s = 0; s < steps; s++) {
            for (Timed t : timed) {
                t.step = s;
            }
            long b0 = allocated();
            long t0 = System.nanoTime();
            model.zeroGrad();
            Tensor logits = model.forward(features, true);
            long b1 = allocated();
            long t1 = System.nanoTime();
            loss.lossAndGradient(logits, labels, gradient);
            long t2 = System.nanoTime();
            long b2 = allocated();
            model.backward(gradient, false);
            long b3 = allocated();
            long t3 = System.nanoTime();
            optimizer.step(model.parameters());
            long t4 = System.nanoTime();
            long b4 = allocated();
            lossNanos[s] = t2 - t1;
            optNanos[s] = t4 - t3;
            stepNanos[s] = t4 - t0;
            lossBytes += b2 - b1;
            optBytes += b4 - b3;
            stepBytes += b4 - b0;
        }
        // What one allocated() call itself costs in bytes (its long[]), to read the table against.
        long probe = allocated();
        probe = allocated() - probe;
        System.out.printf("# %d warm-up steps; %d measured; batch %d; median ms; bytes per step (all threads,"
                + " each figure includes ~%d B of this tool's own counters)%n", warm, steps, batch, probe);
        System.out.println("# cpu: this thread's CPU time (with 1 thread, the layer's whole cost even on a busy"
                + " machine; with more, only the calling thread's share)");
        System.out.printf("%-28s %9s %9s %9s %9s %10s %10s%n", "layer", "fwd ms", "bwd ms", "fwd cpu", "bwd cpu",
                "fwd B", "bwd B");
        double total = 0;
        double totalCpu = 0;
        for (Timed t : timed) {
            double f = median(t.forwardNanos) / 1e6;
            double b = median(t.backwardNanos) / 1e6;
            double fc = median(t.forwardCpu) / 1e6;
            double bc = median(t.backwardCpu) / 1e6;
            total += f + b;
            totalCpu += fc + bc;
            System.out.printf("%-28s %9.2f %9.2f %9.2f %9.2f %10d %10d%n", t, f, b, fc, bc, t.forwardBytes / steps,
                    t.backwardBytes / steps);
        }
        System.out.printf("%-28s %9.2f %9s %9.2f%n", "sum of the layers", total, "", totalCpu);
        System.out.printf("%-28s %9.2f %9s %10d%n", "loss", median(lossNanos) / 1e6, "", lossBytes / steps);
        System.out.printf("%-28s %9.2f %9s %10d%n", "optimizer (Adam)", median(optNanos) / 1e6, "", optBytes / steps);
        System.out.printf("%-28s %9.2f (sum of layer medians %.2f) %10d B%n", "whole step", median(stepNanos) / 1e6,
                total, stepBytes / steps);
    }

    private static void kernels(String[] args) {
        String backendName = args.length > 1 ? args[1] : "pure";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        Backend backend = io.neurite.discovery.Backends.get(backendName);
        System.out.println("# " + backend.describe());
        io.neurite.kernel.ConvolutionKernels k = backend.kernels().convolution();
        io.neurite.kernel.Window2d same = new io.neurite.kernel.Window2d(3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
        ConvBenchmark.Layer[] layers = {new ConvBenchmark.Layer(backend, batch, 1, 32, 28),
            new ConvBenchmark.Layer(backend, batch, 32, 64, 14)};
        String[] names = {"conv1 1→32 28x28", "conv2 32→64 14x14"};
        double[] flops = {2.0 * batch * 32 * 9 * 784, 2.0 * batch * 64 * 288 * 196};
        System.out.printf("# batch %d; median of this thread's CPU time per call, after %.0f s of warm-up each%n",
                batch, seconds);
        for (int l = 0; l < 2; l++) {
            ConvBenchmark.Layer c = layers[l];
            for (int kind = 0; kind < 3; kind++) {
                Runnable call = switch (kind) {
                    case 0 -> () -> k.conv2d(c.input, c.weight, null, same, c.output);
                    case 1 -> () -> k.conv2dInputGradient(c.output, c.weight, same, c.gradInput);
                    default -> () -> k.conv2dWeightGradient(c.input, c.output, same, c.gradWeight, null);
                };
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    call.run();
                }
                long[] cpu = new long[30];
                long[] wall = new long[30];
                for (int i = 0; i < cpu.length; i++) {
                    long t = System.nanoTime();
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    call.run();
                    cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
                    wall[i] = System.nanoTime() - t;
                }
                double ms = median(cpu) / 1e6;
                System.out.printf("%-20s %-16s %8.2f ms cpu %8.2f ms wall %7.1f GFLOPS (cpu)%n", names[l],
                        new String[] {"forward", "input gradient", "weight gradient"}[kind], ms, median(wall) / 1e6,
                        flops[l] / ms / 1e6);
            }
        }
    }

    private static void steps(String[] args) {
        String backendName = args.length > 1 ? args[1] : "pure";
        String network = args.length > 2 ? args[2] : "cnn";
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        double warmUpSeconds = args.length > 4 ? Double.parseDouble(args[4]) : 20;
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 50;
        int threads = Integer.getInteger(BenchSetup.THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
        Integer windowMs = Integer.getInteger("profile.windowMs");
        if (windowMs != null && windowMs < 1) {
            System.err.println("CnnStepProfile: -Dprofile.windowMs must be at least 1 (milliseconds), not " + windowMs);
            System.exit(2);
        }
        java.util.function.DoubleSupplier step;
        if (network.equals("cnn")) {
            step = new CnnTrainingStep(BenchSetup.neurite(backendName, threads), batch)::step;
        } else if (network.equals("mlp")) {
            step = TrainingStep.create(backendName, threads, batch)::step;
        } else {
            throw new IllegalArgumentException("steps: the network is cnn or mlp, not " + network);
        }
        long end = System.nanoTime() + (long) (warmUpSeconds * 1e9);
        int warm = 0;
        while (System.nanoTime() < end) {
            step.getAsDouble();
            warm++;
        }
        long[] cpu = new long[steps];
        long[] wall = new long[steps];
        long bytes = allocated();
        long own = THREADS.getCurrentThreadAllocatedBytes();
        for (int s = 0; s < steps; s++) {
            long t = System.nanoTime();
            long c = THREADS.getCurrentThreadCpuTime();
            step.getAsDouble();
            cpu[s] = THREADS.getCurrentThreadCpuTime() - c;
            wall[s] = System.nanoTime() - t;
        }
        own = THREADS.getCurrentThreadAllocatedBytes() - own;
        bytes = allocated() - bytes;
        if (windowMs != null) {
            System.out.println("median wall ms per " + windowMs + " ms window: " + windowMedians(wall, windowMs));
        }
        // "all threads" sums the threads alive at the end: it undercounts (even below zero) when a thread that
        // allocated ends during the run, as the JVM's compiler threads may.
        System.out.printf("%s %s batch %d, %d thread(s): %d warm-up steps, %d measured: cpu %.3f ms (median of this"
                + " thread), wall %.3f ms (median), %d B per step by this thread, %d B by all live threads%n", network,
                backendName, batch, threads, warm, steps, median(cpu) / 1e6, median(wall) / 1e6, own / steps,
                bytes / steps);
    }

    private static void step(Sequential model, SoftmaxCrossEntropy loss, Optimizer optimizer, Tensor features,
                             Tensor labels, Tensor gradient) {
        model.zeroGrad();
        Tensor logits = model.forward(features, true);
        loss.lossAndGradient(logits, labels, gradient);
        model.backward(gradient, false);
        optimizer.step(model.parameters());
    }

    /** The median of each run of consecutive steps that together took about {@code windowMs}, in ms. */
    private static String windowMedians(long[] wall, int windowMs) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        long sum = 0;
        for (int s = 0; s < wall.length; s++) {
            sum += wall[s];
            if (sum >= windowMs * 1_000_000L || s == wall.length - 1) {
                out.append(String.format(Locale.ROOT, "%.3f ", median(Arrays.copyOfRange(wall, from, s + 1)) / 1e6));
                from = s + 1;
                sum = 0;
            }
        }
        return out.toString().trim();
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
