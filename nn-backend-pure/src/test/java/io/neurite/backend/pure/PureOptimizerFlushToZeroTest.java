package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.kernel.AdamStep;
import io.neurite.kernel.MomentumStep;
import io.neurite.kernel.OptimizerKernels;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The pure backend's optimizer updates take as zero every value whose product would be subnormal (the flush to
 * zero of {@code OptimizerLoops}, which keeps Adam off the CPU's slow subnormal path), and nothing else. Each
 * case fills 37 elements with the same values, so that the vector body and the scalar tail are both checked at
 * every width (37 = 2 x 16 + 5 = 4 x 8 + 5 = 9 x 4 + 1), on whichever kernel path surefire selects.
 */
class PureOptimizerFlushToZeroTest {
    private static final int N = 37;
    private final Backend backend = PureTestBackends.MAIN;
    private final OptimizerKernels kernels = backend.kernels().optimizers();

    private Tensor filled(float value) {
        float[] a = new float[N];
        Arrays.fill(a, value);
        return backend.of(a, N);
    }

    private static void assertAll(String what, float expected, Tensor t) {
        float[] a = t.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected, a[i], what + " at element " + i + " of " + a.length);
        }
    }

    /** One Adam step (beta1 0.9, beta2 0.999, eps 1e-8, lr 1e-3, t = 10) on 37 copies of p, g, m, v. */
    private Tensor[] adam(float p, float g, float m, float v) {
        Tensor[] t = {filled(p), filled(g), filled(m), filled(v)};
        kernels.adam(AdamStep.of(0.9, 0.999, 1e-8, 1e-3, 10, 0, 1), t[0], t[1], t[2], t[3], backend.zeros(N));
        return t;
    }

    @Test
    void aDecayedMomentThatWouldBeSubnormalBecomesZero() {
        // 0.9 * 1.2e-38 is below Float.MIN_NORMAL (1.1755e-38): without the flush m would become 1.08e-38
        Tensor[] t = adam(0.5f, 0f, 1.2e-38f, 1e-12f);
        assertAll("m", 0f, t[2]);
        assertAll("v", 0.999f * 1e-12f, t[3]);
        assertAll("p (no update from a zero moment)", 0.5f, t[0]);
        // a subnormal moment left by other code is read as zero too
        assertAll("m from a subnormal", 0f, adam(0.5f, 0f, 1e-40f, 1e-12f)[2]);
    }

    @Test
    void aMomentJustAboveTheThresholdDecaysAsUsual() {
        Tensor[] t = adam(0.5f, 0f, 2e-38f, 1e-12f);
        assertAll("m", 0.9f * 2e-38f, t[2]);
    }

    @Test
    void aGradientWhoseSquaredShareWouldBeSubnormalLeavesVAtZero() {
        // 0.001 * (1e-19)^2 = 1e-41 is subnormal; the gradient still moves m (0.1 * 1e-19 is normal)
        Tensor[] t = adam(0.5f, 1e-19f, 0f, 0f);
        assertAll("v", 0f, t[3]);
        assertAll("m", 0.1f * 1e-19f, t[2]);
        // and a gradient of 1e-17 is kept: 0.001 * 1e-34 = 1e-37 is normal
        float dd = 1e-17f * 1e-17f;
        assertAll("v kept", 0.001f * dd, adam(0.5f, 1e-17f, 0f, 0f)[3]);
    }

    @Test
    void aGradientWhoseShareOfMWouldBeSubnormalLeavesMAtZero() {
        // 0.1 * 5e-38 = 5e-39 is subnormal; 0.1 * 2e-37 = 2e-38 is not
        assertAll("m", 0f, adam(0.5f, 5e-38f, 0f, 0f)[2]);
        assertAll("m kept", 0.1f * 2e-37f, adam(0.5f, 2e-37f, 0f, 0f)[2]);
    }

    @Test
    void aDecayedSecondMomentThatWouldBeSubnormalBecomesZero() {
        // the threshold is MIN_NORMAL / 0.999 = 1.17667e-38: just below it 0.999 * v would be subnormal
        assertAll("v", 0f, adam(0.5f, 0f, 0f, 1.1760e-38f)[3]);
        assertAll("v kept", 0.999f * 1.1770e-38f, adam(0.5f, 0f, 0f, 1.1770e-38f)[3]);
    }

    @Test
    void aSubnormalGradientIsZero() {
        Tensor[] t = adam(0.5f, 1e-39f, 0f, 0f);
        assertAll("m", 0f, t[2]);
        assertAll("v", 0f, t[3]);
        assertAll("p", 0.5f, t[0]);
    }

    @Test
    void ordinaryValuesAreUntouchedAndNaNStillPropagates() {
        Tensor[] t = adam(0.5f, 1e-3f, 2e-4f, 3e-7f);
        for (float m : t[2].toFloatArray()) {
            assertEquals(0.9 * 2e-4 + 0.1 * 1e-3, m, 1e-10, "m"); // fused or not: within an ulp
        }
        assertTrue(Float.isNaN(adam(0.5f, Float.NaN, 0f, 0f)[0].toFloatArray()[N - 1]), "NaN gradient, tail");
        assertTrue(Float.isNaN(adam(0.5f, Float.NaN, 0f, 0f)[0].toFloatArray()[0]), "NaN gradient, body");
    }

    @Test
    void aMomentumBufferThatWouldBeSubnormalBecomesZero() {
        Tensor p = filled(0.5f);
        Tensor b = filled(1.2e-38f);
        kernels.momentum(new MomentumStep(0.1f, 0.9f, 1f, 0f, false, false), p, filled(0f), b);
        assertAll("buffer", 0f, b);
        assertAll("p", 0.5f, p);
    }
}
