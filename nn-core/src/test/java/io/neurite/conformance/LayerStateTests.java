package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.nn.Buffer;
import io.neurite.nn.Dense;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.optim.Optimizer;
import io.neurite.optim.Optimizers;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Layer state beside the parameters: buffers named model-wide as parameters are and never optimized, and the
 * per-parameter weight-decay flag that every optimizer's weight decay honours.
 */
public abstract class LayerStateTests {

    protected abstract Backend backend();

    @Test
    void sequentialNamesBuffersAsItNamesParameters() {
        RunningMeanLayer outer = new RunningMeanLayer(0.9f);
        RunningMeanLayer inner = new RunningMeanLayer(0.5f);
        Sequential model = Sequential.of(backend(), Shape.of(3), new Dense(3, 4, 1L), outer,
                Sequential.of(backend(), Shape.of(4), new Dense(4, 4, 2L), inner), new ReLU());

        List<Buffer> buffers = model.buffers();
        assertEquals(List.of("1.running_mean", "2.1.running_mean"), buffers.stream().map(Buffer::name).toList());
        assertSame(outer.runningMean(), buffers.get(0).value(), "the model's buffer is the layer's tensor");
        assertSame(inner.runningMean(), buffers.get(1).value());
        assertSame(buffers, model.buffers(), "the same list on every call");
        assertEquals(List.of("0.weight", "0.bias", "2.0.weight", "2.0.bias"),
                model.parameters().stream().map(Parameter::name).toList(), "buffers are not parameters");

        Tensor x = SampleModels.inputs(backend(), 5, 3, 3);
        model.forward(x, true);
        // Starting from zeros, one training batch leaves (1 - momentum) * the batch mean of the layer's input.
        float[] in = ((Dense) model.layers().get(0)).forward(x, false).toFloatArray();
        float[] expected = new float[4];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 4; c++) {
                expected[c] += (float) (0.1 * in[r * 4 + c] / 5);
            }
        }
        assertArrayEquals(expected, buffers.get(0).value().toFloatArray(), 1e-6f, "the buffer changed in training");
    }

    @Test
    void denseDecaysItsWeightButNotItsBias() {
        Dense dense = new Dense(3, 2, 1L);
        Sequential.of(backend(), Shape.of(3), dense);
        assertTrue(dense.weight().decay());
        assertFalse(dense.bias().decay());
        assertTrue(new Parameter("w", backend().zeros(2)).decay(), "a parameter decays unless told otherwise");
        assertFalse(Parameter.noDecay("b", backend().zeros(2)).withName("0.b").decay(), "a renamed view keeps it");
    }

    /**
     * Every optimizer with weight decay: a parameter marked no-decay moves exactly as it would without weight
     * decay, while a decaying one with the same value and gradient moves differently.
     */
    @Test
    void weightDecayLeavesNoDecayParametersAlone() {
        Map<String, Supplier<Optimizer[]>> cases = Map.of(
                "sgd", () -> new Optimizer[] {Optimizers.sgd(0.1).weightDecay(0.3), Optimizers.sgd(0.1)},
                "sgd momentum", () -> new Optimizer[] {Optimizers.sgd(0.1).momentum(0.9).dampening(0.1).weightDecay(0.3),
                        Optimizers.sgd(0.1).momentum(0.9).dampening(0.1)},
                "sgd nesterov", () -> new Optimizer[] {Optimizers.sgd(0.1).momentum(0.9).nesterov().weightDecay(0.3),
                        Optimizers.sgd(0.1).momentum(0.9).nesterov()},
                "rmsprop", () -> new Optimizer[] {Optimizers.rmsProp(0.01).momentum(0.5).centered().weightDecay(0.3),
                        Optimizers.rmsProp(0.01).momentum(0.5).centered()},
                "adam", () -> new Optimizer[] {Optimizers.adam(0.01).weightDecay(0.3), Optimizers.adam(0.01)},
                "adamw", () -> new Optimizer[] {Optimizers.adamW(0.01).weightDecay(0.3),
                        Optimizers.adamW(0.01).weightDecay(0)});
        for (Map.Entry<String, Supplier<Optimizer[]>> c : cases.entrySet()) {
            Optimizer[] pair = c.getValue().get();
            Parameter decays = parameter("w", true);
            Parameter skips = parameter("b", false);
            Parameter plain = parameter("b", false);
            for (int step = 1; step <= 4; step++) {
                setGradient(decays, step);
                setGradient(skips, step);
                setGradient(plain, step);
                pair[0].step(List.of(decays, skips));
                pair[1].step(List.of(plain));
            }
            assertArrayEquals(plain.value().toFloatArray(), skips.value().toFloatArray(),
                    c.getKey() + ": a no-decay parameter must move exactly as without weight decay");
            assertFalse(Arrays.equals(plain.value().toFloatArray(), decays.value().toFloatArray()),
                    c.getKey() + ": the decaying parameter must feel the decay");
        }
    }

    private Parameter parameter(String name, boolean decay) {
        return new Parameter(name, backend().of(new SeededRandom(5).uniform(6, -1, 1), Shape.of(2, 3)), decay);
    }

    private static void setGradient(Parameter p, int step) {
        p.grad().copyFrom(new SeededRandom(100 + step).uniform(6, -1, 1));
    }
}
