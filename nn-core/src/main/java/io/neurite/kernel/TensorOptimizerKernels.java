package io.neurite.kernel;

import io.neurite.tensor.ShapeChecks;
import io.neurite.tensor.Tensor;

/**
 * The generic path of the {@link OptimizerKernels}: each update rule written with {@link Tensor} ops, so it
 * runs on any backend, one element-wise pass per op (about ten for Adam) and one scratch tensor. It holds no
 * state, so one instance ({@link #INSTANCE}) serves every backend and thread.
 */
public final class TensorOptimizerKernels implements OptimizerKernels {
    /** The one instance. */
    public static final TensorOptimizerKernels INSTANCE = new TensorOptimizerKernels();

    private TensorOptimizerKernels() {
    }

    @Override
    public void adam(AdamStep s, Tensor p, Tensor g, Tensor m, Tensor v, Tensor scratch) {
        checkShapes("adam", p, g, m, v, scratch);
        // m and v first, from the old p (the coupled L2 term reads it).
        m.scaleInPlace(s.beta1()).addScaledInPlace(s.mix1(), g);
        if (s.l2() != 0) {
            m.addScaledInPlace(s.mix1() * s.l2(), p);
            p.scale(s.l2(), scratch).addInPlace(g);
            scratch.square(scratch);
        } else {
            g.square(scratch);
        }
        v.scaleInPlace(s.beta2()).addScaledInPlace(s.mix2(), scratch);
        v.sqrt(scratch);
        scratch.scaleInPlace(s.denominatorScale()).addScalarInPlace(s.eps());
        m.div(scratch, scratch);
        if (s.shrink() != 1f) {
            p.scaleInPlace(s.shrink());
        }
        p.addScaledInPlace(-s.stepSize(), scratch);
    }

    @Override
    public void momentum(MomentumStep s, Tensor p, Tensor g, Tensor b) {
        checkShapes("momentum", p, g, b, b, b);
        // The buffer reads the old p, so it is updated before p.
        if (s.first()) {
            b.copyFrom(g);
            if (s.l2() != 0) {
                b.addScaledInPlace(s.l2(), p);
            }
        } else {
            b.scaleInPlace(s.momentum()).addScaledInPlace(s.keep(), g);
            if (s.l2() != 0) {
                b.addScaledInPlace(s.keep() * s.l2(), p);
            }
        }
        if (s.nesterov()) {
            // p - lr * (g + l2 * p + mu * b)
            if (s.l2() != 0) {
                p.scaleInPlace(1 - s.lr() * s.l2());
            }
            p.addScaledInPlace(-s.lr(), g);
            p.addScaledInPlace(-s.lr() * s.momentum(), b);
        } else {
            p.addScaledInPlace(-s.lr(), b);
        }
    }

    /**
     * Checks that {@code grad} and the state tensors {@code a, b, c} all have {@code param}'s shape, without
     * allocating when they do; the error names the kernel and both shapes. Shared by every backend's kernels.
     */
    public static void checkShapes(String op, Tensor param, Tensor grad, Tensor a, Tensor b, Tensor c) {
        same(op, param, grad);
        same(op, param, a);
        same(op, param, b);
        same(op, param, c);
    }

    private static void same(String op, Tensor param, Tensor t) {
        if (!t.shape().equals(param.shape())) {
            ShapeChecks.same(op + " (parameter and gradient or state)", param, t);
        }
    }
}
