package io.neurite.onnx;

import io.neurite.discovery.Backends;
import io.neurite.nn.AvgPool2D;
import io.neurite.nn.BatchNorm;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
import io.neurite.nn.Flatten;
import io.neurite.nn.GlobalAvgPool2D;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Padding;
import io.neurite.nn.Reshape;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softplus;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Small models covering every exportable layer, and the backends to build them on. */
final class TestModels {
    static final int INPUTS = 13;

    private TestModels() {
    }

    static List<Backend> backends() {
        return List.of(Backends.get("pure"), Backends.get("nd4j"));
    }

    /** A named model factory: a fresh, seeded model on the given backend. */
    record Case(String name, java.util.function.Function<Backend, Sequential> build) {
        @Override
        public String toString() {
            return name;
        }

        /** {@code rows} random inputs for the model, and the batch's full shape. */
        float[] inputs(Sequential model, int rows, long seed) {
            return TestModels.inputs(rows, model.inputShape().size(), seed);
        }
    }

    /** {@code [rows, ...perSample]}. */
    static long[] batchShape(int rows, Shape perSample) {
        long[] dims = new long[perSample.rank() + 1];
        dims[0] = rows;
        for (int d = 0; d < perSample.rank(); d++) {
            dims[d + 1] = perSample.dim(d);
        }
        return dims;
    }

    static Shape batchOf(int rows, Shape perSample) {
        long[] d = batchShape(rows, perSample);
        int[] dims = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            dims[i] = (int) d[i];
        }
        return Shape.of(dims);
    }

    /** Dense → activation → Dense, one per activation; then an MLP with Dropout and a nested Sequential. */
    static Stream<Case> cases() {
        List<Supplier<Layer>> activations = List.of(ReLU::new, () -> new LeakyReLU(0.2f), Sigmoid::new, Tanh::new,
                GELU::new, SiLU::new, Softplus::new, Softmax::new);
        Stream<Case> single = activations.stream().map(a -> new Case("Dense-" + a.get() + "-Dense",
                b -> Sequential.of(b, Shape.of(INPUTS), new Dense(INPUTS, 7, Initializer.xavierNormal(3)), a.get(),
                        new Dense(7, 4, Initializer.xavierNormal(4)))));
        Case mlp = new Case("MLP with Dropout and Softmax", b -> Sequential.of(b, Shape.of(INPUTS),
                new Dense(INPUTS, 32, Initializer.heNormal(5)), new ReLU(), new Dropout(0.3f, 9),
                new Dense(32, 16, Initializer.heNormal(6)), new GELU(), new Dense(16, 5, Initializer.xavierNormal(7)),
                new Softmax()));
        Case nested = new Case("nested Sequential", b -> Sequential.of(b, Shape.of(INPUTS),
                Sequential.of(b, Shape.of(INPUTS), new Dense(INPUTS, 8, Initializer.heNormal(8)), new Tanh()),
                new Dense(8, 3, Initializer.xavierNormal(9))));
        return Stream.concat(Stream.concat(single, Stream.of(mlp, nested)), images()).map(TestModels::withBias);
    }

    /** Convolutional models on NCHW images: every image layer, odd sizes, padding modes, stride, dilation. */
    static Stream<Case> images() {
        Case convPool = new Case("Conv same, ReLU, MaxPool, Flatten, Dense", b -> Sequential.of(b, Shape.of(2, 9, 11),
                Conv2D.builder(2, 4, 3).padding(Padding.same()).init(Initializer.heNormal(11)).build(), new ReLU(),
                new MaxPool2D(2), new Flatten(), new Dense(4 * 4 * 5, 3, Initializer.xavierNormal(12))));
        Case strided = new Case("Conv stride 2 dilation 2 no bias, BatchNorm, AvgPool padded, GlobalAvgPool, Dense",
                b -> Sequential.of(b, Shape.of(3, 13, 12),
                        Conv2D.builder(3, 5, 3, 2).stride(2, 1).dilation(2, 1).padding(Padding.explicit(1, 2, 0, 1))
                                .bias(false).init(Initializer.heNormal(13)).build(),
                        new BatchNorm(5), new Tanh(), new AvgPool2D(3, 2, Padding.of(1)), new GlobalAvgPool2D(),
                        new Dense(5, 4, Initializer.xavierNormal(14))));
        Case reshape = new Case("Reshape [98] to [2, 7, 7], Conv valid, MaxPool padded, Flatten, Dense, BatchNorm",
                b -> Sequential.of(b, Shape.of(98), new Reshape(Shape.of(2, 7, 7)),
                        Conv2D.builder(2, 3, 2).init(Initializer.heNormal(15)).build(), new LeakyReLU(0.1f),
                        new MaxPool2D(3, 2, Padding.same()), new Flatten(), new Dense(27, 6, Initializer.heNormal(16)),
                        new BatchNorm(6), new Sigmoid()));
        return Stream.of(convPool, strided, reshape);
    }

    /** Biases start at zero; give them values so that a bias mix-up cannot pass. */
    private static Case withBias(Case c) {
        return new Case(c.name(), b -> {
            Sequential m = c.build().apply(b);
            Random random = new Random(c.name().hashCode());
            m.parameters().stream().filter(p -> p.name().endsWith("bias")).forEach(p -> {
                float[] v = new float[p.value().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian() * 0.5f;
                }
                p.value().copyFrom(v);
            });
            // BatchNorm's running statistics start at 0 and 1; give them values so that their order matters.
            for (Layer layer : m.layers()) {
                if (layer instanceof BatchNorm) {
                    BatchNorm bn = (BatchNorm) layer;
                    float[] mean = new float[bn.channels()];
                    float[] var = new float[bn.channels()];
                    float[] gamma = new float[bn.channels()];
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] = (float) random.nextGaussian() * 0.3f;
                        var[i] = 0.5f + random.nextFloat();
                        gamma[i] = 0.5f + random.nextFloat();
                    }
                    bn.runningMean().copyFrom(mean);
                    bn.runningVar().copyFrom(var);
                    bn.parameters().get(0).value().copyFrom(gamma);
                }
            }
            return m;
        });
    }

    /** {@code rows} samples of {@code features} values in [-3, 3). */
    static float[] inputs(int rows, int features, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 6f - 3f;
        }
        return x;
    }
}
