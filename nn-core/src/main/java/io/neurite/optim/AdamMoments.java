package io.neurite.optim;

import io.neurite.tensor.Tensor;

/**
 * The moment update and bias-corrected step shared by {@link Adam} and {@link AdamW}, in Tensor ops with
 * one scratch tensor and no allocation.
 */
final class AdamMoments {
    private AdamMoments() {
    }

    /**
     * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}
     * — the arrangement of Kingma &amp; Ba's Algorithm 1 footnote, the same as PyTorch's.
     */
    static void apply(Tensor p, Tensor g, Tensor m, Tensor v, Tensor scratch, double lr, double beta1,
            double beta2, double eps, long step) {
        m.scaleInPlace((float) beta1).addScaledInPlace((float) (1 - beta1), g);
        g.square(scratch);
        v.scaleInPlace((float) beta2).addScaledInPlace((float) (1 - beta2), scratch);
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        v.sqrt(scratch);
        scratch.scaleInPlace((float) (1 / Math.sqrt(correction2)));
        scratch.addScalarInPlace((float) eps);
        m.div(scratch, scratch);
        p.addScaledInPlace((float) (-lr / correction1), scratch);
    }

    static void checkBetas(String optimizer, double beta1, double beta2) {
        Arguments.decayRate(optimizer, "beta1", beta1, " (usual value 0.9)");
        Arguments.decayRate(optimizer, "beta2", beta2, " (usual value 0.999)");
    }
}
