package io.neurite.nn;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * How a weight tensor starts. Random initialisers take an explicit seed and draw on the Java side
 * ({@link Backend#randomNormal}, {@link Backend#randomUniform}), so one seed gives the same weights on every
 * backend.
 *
 * <ul>
 *   <li>He (Kaiming), for ReLU-family layers — He et al. 2015, "Delving Deep into Rectifiers":
 *       normal with {@code std = sqrt(2 / fanIn)}, or uniform in {@code ±sqrt(6 / fanIn)}.</li>
 *   <li>Xavier (Glorot), for tanh/sigmoid/softmax layers — Glorot &amp; Bengio 2010: normal with
 *       {@code std = sqrt(2 / (fanIn + fanOut))}, or uniform in {@code ±sqrt(6 / (fanIn + fanOut))}.</li>
 * </ul>
 * The normal variants are plain (not truncated) normals.
 */
@FunctionalInterface
public interface Initializer {

    /** A new tensor of {@code shape} on {@code backend} for a layer with the given fan-in and fan-out. */
    Tensor create(Backend backend, Shape shape, int fanIn, int fanOut);

    static Initializer heNormal(long seed) {
        return named("heNormal(" + seed + ")",
                (b, s, in, out) -> b.randomNormal(s, 0f, (float) Math.sqrt(2.0 / in), seed));
    }

    static Initializer heUniform(long seed) {
        return named("heUniform(" + seed + ")", (b, s, in, out) -> {
            float limit = (float) Math.sqrt(6.0 / in);
            return b.randomUniform(s, -limit, limit, seed);
        });
    }

    static Initializer xavierNormal(long seed) {
        return named("xavierNormal(" + seed + ")",
                (b, s, in, out) -> b.randomNormal(s, 0f, (float) Math.sqrt(2.0 / (in + out)), seed));
    }

    static Initializer xavierUniform(long seed) {
        return named("xavierUniform(" + seed + ")", (b, s, in, out) -> {
            float limit = (float) Math.sqrt(6.0 / (in + out));
            return b.randomUniform(s, -limit, limit, seed);
        });
    }

    /** Every element {@code value} (biases start at zero). */
    static Initializer constant(float value) {
        return named("constant(" + value + ")", (b, s, in, out) -> b.full(s, value));
    }

    static Initializer zeros() {
        return constant(0f);
    }

    /** {@code init} with a readable {@code toString}, for summaries and error messages. */
    private static Initializer named(String name, Initializer init) {
        return new Initializer() {
            @Override
            public Tensor create(Backend backend, Shape shape, int fanIn, int fanOut) {
                return init.create(backend, shape, fanIn, fanOut);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
