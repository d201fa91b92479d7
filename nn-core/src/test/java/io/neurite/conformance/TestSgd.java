package io.neurite.conformance;

import io.neurite.nn.Parameter;
import io.neurite.optim.Optimizer;
import io.neurite.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal SGD with classical momentum for the nn tests, so that they do not depend on the optim package:
 * {@code v = μ·v + g; w −= lr·v}.
 */
final class TestSgd implements Optimizer {
    private final float lr;
    private final float momentum;
    private final Map<Parameter, Tensor> velocity = new IdentityHashMap<>();
    private long iterations;

    TestSgd(float lr, float momentum) {
        this.lr = lr;
        this.momentum = momentum;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            Tensor v = velocity.computeIfAbsent(p, k -> k.value().newLike());
            v.scaleInPlace(momentum).addInPlace(p.grad());
            p.value().addScaledInPlace(-lr, v);
        }
        iterations++;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public double currentLearningRate() {
        return lr;
    }
}
