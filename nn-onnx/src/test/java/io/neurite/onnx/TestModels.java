package io.neurite.onnx;

import io.neurite.discovery.Backends;
import io.neurite.nn.Dense;
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
        return Stream.concat(single, Stream.of(mlp, nested)).map(TestModels::withBias);
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
