package io.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.neurite.nn.Parameter;
import io.neurite.optim.GradientClipping;
import io.neurite.optim.Optimizer;
import io.neurite.optim.OptimizerState;
import io.neurite.optim.Optimizers;
import io.neurite.optim.schedule.Schedules;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Pins every optimizer's parameter values after {@value #STEPS} steps against a reference written here
 * independently, in plain double arithmetic, straight from each paper's (or PyTorch's documented) update
 * rule — not from the Tensor-op arrangement the optimizers use. Also: clipping, state export/import, and
 * that steps after the first allocate no tensors. Each backend subclasses this with {@link #backend()}.
 */
public abstract class OptimizerTests {

    /** The backend under test. */
    protected abstract Backend backend();

    static final int STEPS = 5;
    static final String[] NAMES = {"0.dense.weight", "0.dense.bias", "1.dense.weight"};
    static final Shape[] SHAPES = {Shape.of(2, 3), Shape.of(3), Shape.of(2, 3)};
    static final int SIZE = 15;
    /** This element's gradient is always 0, so the eps paths of the adaptive methods are exercised. */
    static final int ZERO_GRADIENT = 4;

    // float32 parameters against a double reference, values of order 1, five steps.
    static final double ABS_TOL = 2e-5;
    static final double REL_TOL = 2e-5;

    static double initial(int i) {
        return 0.8 * Math.cos(0.9 * i) - 0.1;
    }

    /** The gradient of element {@code i} at 1-based step {@code t}: varied signs and magnitudes up to 2. */
    static double gradient(int t, int i) {
        return i == ZERO_GRADIENT ? 0 : Math.sin(1.3 * i + 0.7 * t) * (1 + 0.5 * (i % 3));
    }

    // ---- the double references: one element-wise update per call, state in the closure --------------

    /** Applies one step of a rule to the whole flat parameter vector. */
    interface Rule {
        void step(double[] p, double[] g, double lr, int t);
    }

    static Rule sgdRule(double mu, double dampening, boolean nesterov, double wd) {
        double[] buf = new double[SIZE];
        return (p, g, lr, t) -> {
            for (int i = 0; i < SIZE; i++) {
                double d = g[i] + wd * p[i];
                if (mu != 0) {
                    buf[i] = t == 1 ? d : mu * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + mu * buf[i] : buf[i];
                }
                p[i] -= lr * d;
            }
        };
    }

    static Rule rmsPropRule(double rho, double eps, double mu, boolean centered, double wd) {
        double[] sq = new double[SIZE];
        double[] avg = new double[SIZE];
        double[] buf = new double[SIZE];
        return (p, g, lr, t) -> {
            for (int i = 0; i < SIZE; i++) {
                double d = g[i] + wd * p[i];
                sq[i] = rho * sq[i] + (1 - rho) * d * d;
                double denominator;
                if (centered) {
                    avg[i] = rho * avg[i] + (1 - rho) * d;
                    denominator = Math.sqrt(sq[i] - avg[i] * avg[i]) + eps;
                } else {
                    denominator = Math.sqrt(sq[i]) + eps;
                }
                if (mu != 0) {
                    buf[i] = mu * buf[i] + d / denominator;
                    p[i] -= lr * buf[i];
                } else {
                    p[i] -= lr * d / denominator;
                }
            }
        };
    }

    /** Kingma &amp; Ba, Algorithm 1, with L2 {@code wd} added to the gradient. */
    static Rule adamRule(double b1, double b2, double eps, double wd) {
        double[] m = new double[SIZE];
        double[] v = new double[SIZE];
        return (p, g, lr, t) -> {
            for (int i = 0; i < SIZE; i++) {
                double d = g[i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + (1 - b2) * d * d;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }

    /** Loshchilov &amp; Hutter, Algorithm 2 (AdamW), with the schedule multiplier folded into lr. */
    static Rule adamWRule(double b1, double b2, double eps, double wd) {
        double[] m = new double[SIZE];
        double[] v = new double[SIZE];
        return (p, g, lr, t) -> {
            for (int i = 0; i < SIZE; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] = p[i] - lr * mHat / (Math.sqrt(vHat) + eps) - lr * wd * p[i];
            }
        };
    }

    static double[] reference(Rule rule, LongToDoubleFunction lrOfStep, int steps) {
        double[] p = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            p[i] = initial(i);
        }
        double[] g = new double[SIZE];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < SIZE; i++) {
                g[i] = gradient(t, i);
            }
            rule.step(p, g, lrOfStep.applyAsDouble(t - 1), t);
        }
        return p;
    }

    // ---- running an optimizer on the backend --------------------------------------------------------

    List<Parameter> parameters(Backend backend) {
        List<Parameter> ps = new ArrayList<>();
        int offset = 0;
        for (int k = 0; k < NAMES.length; k++) {
            float[] values = new float[SHAPES[k].size()];
            for (int j = 0; j < values.length; j++) {
                values[j] = (float) initial(offset + j);
            }
            ps.add(new Parameter(NAMES[k], backend.of(values, SHAPES[k])));
            offset += values.length;
        }
        return ps;
    }

    static void setGradients(List<Parameter> ps, int t) {
        int offset = 0;
        for (Parameter p : ps) {
            float[] g = new float[p.grad().size()];
            for (int j = 0; j < g.length; j++) {
                g[j] = (float) gradient(t, offset + j);
            }
            p.grad().copyFrom(g);
            offset += g.length;
        }
    }

    static double[] values(List<Parameter> ps) {
        double[] out = new double[SIZE];
        int offset = 0;
        for (Parameter p : ps) {
            float[] v = p.value().toFloatArray();
            for (int j = 0; j < v.length; j++) {
                out[offset + j] = v[j];
            }
            offset += v.length;
        }
        return out;
    }

    /** Runs steps {@code from .. to} (1-based, inclusive). */
    static void run(Optimizer optimizer, List<Parameter> ps, int from, int to) {
        for (int t = from; t <= to; t++) {
            setGradients(ps, t);
            optimizer.step(ps);
        }
    }

    void assertMatchesReference(String what, Optimizer optimizer, Rule rule, LongToDoubleFunction lrOfStep) {
        List<Parameter> ps = parameters(backend());
        run(optimizer, ps, 1, STEPS);
        double[] expected = reference(rule, lrOfStep, STEPS);
        double[] actual = values(ps);
        double moved = 0;
        for (int i = 0; i < SIZE; i++) {
            double tol = ABS_TOL + REL_TOL * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(what + ": element " + i + " after " + STEPS + " steps is " + actual[i] + " but the reference is "
                        + expected[i] + " (tolerance " + tol + ")");
            }
            moved = Math.max(moved, Math.abs(expected[i] - initial(i)));
        }
        // The reference must move the parameters far beyond the tolerance, or a no-op optimizer would pass.
        assertTrue(moved > 0.005, what + ": test data moves the parameters by only " + moved);
        assertEquals(STEPS, optimizer.iterations(), what + ": iterations");
    }

    static LongToDoubleFunction constant(double lr) {
        return step -> lr;
    }

    // ---- SGD -----------------------------------------------------------------------------------------

    @Test
    void sgdPlain() {
        assertMatchesReference("sgd", Optimizers.sgd(0.1), sgdRule(0, 0, false, 0), constant(0.1));
    }

    @Test
    void sgdWeightDecay() {
        assertMatchesReference("sgd wd", Optimizers.sgd(0.1).weightDecay(0.05), sgdRule(0, 0, false, 0.05),
                constant(0.1));
    }

    @Test
    void sgdMomentum() {
        assertMatchesReference("sgd momentum", Optimizers.sgd(0.1).momentum(0.9), sgdRule(0.9, 0, false, 0),
                constant(0.1));
    }

    @Test
    void sgdMomentumDampeningWeightDecay() {
        assertMatchesReference("sgd momentum dampening wd",
                Optimizers.sgd(0.1).momentum(0.8).dampening(0.3).weightDecay(0.05), sgdRule(0.8, 0.3, false, 0.05),
                constant(0.1));
    }

    @Test
    void sgdNesterov() {
        assertMatchesReference("sgd nesterov", Optimizers.sgd(0.1).momentum(0.9).nesterov(),
                sgdRule(0.9, 0, true, 0), constant(0.1));
    }

    @Test
    void sgdNesterovWeightDecay() {
        assertMatchesReference("sgd nesterov wd", Optimizers.sgd(0.1).momentum(0.9).nesterov().weightDecay(0.05),
                sgdRule(0.9, 0, true, 0.05), constant(0.1));
    }

    @Test
    void sgdFollowsItsSchedule() {
        // Step decay by hand: 0.2, 0.2, 0.1, 0.1, 0.05 for steps 0..4.
        assertMatchesReference("sgd step decay", Optimizers.sgd(Schedules.stepDecay(0.2, 2, 0.5)).momentum(0.5),
                sgdRule(0.5, 0, false, 0), step -> 0.2 * Math.pow(0.5, step / 2));
    }

    // ---- RMSProp ---------------------------------------------------------------------------------------

    @Test
    void rmsProp() {
        assertMatchesReference("rmsprop", Optimizers.rmsProp(0.01).rho(0.9), rmsPropRule(0.9, 1e-8, 0, false, 0),
                constant(0.01));
    }

    @Test
    void rmsPropMomentumCenteredWeightDecay() {
        assertMatchesReference("rmsprop momentum centered wd",
                Optimizers.rmsProp(0.01).rho(0.9).eps(1e-6).momentum(0.5).centered().weightDecay(0.05),
                rmsPropRule(0.9, 1e-6, 0.5, true, 0.05), constant(0.01));
    }

    // ---- Adam / AdamW ------------------------------------------------------------------------------------

    @Test
    void adam() {
        assertMatchesReference("adam", Optimizers.adam(0.05), adamRule(0.9, 0.999, 1e-8, 0), constant(0.05));
    }

    @Test
    void adamOtherBetasAndL2() {
        assertMatchesReference("adam betas wd", Optimizers.adam(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1),
                adamRule(0.8, 0.99, 1e-6, 0.1), constant(0.05));
    }

    @Test
    void adamW() {
        assertMatchesReference("adamw", Optimizers.adamW(0.05).weightDecay(0.2), adamWRule(0.9, 0.999, 1e-8, 0.2),
                constant(0.05));
    }

    @Test
    void adamWWithWarmupAndCosineDecay() {
        // Warm-up 2 steps to 0.05 then cosine over 4 steps to 0.01: 0.025, 0.05, then
        // 0.01 + 0.04 * (1 + cos(pi * k / 4)) / 2 for k = 0, 1, 2.
        LongToDoubleFunction lr = step -> step < 2 ? 0.05 * (step + 1) / 2
                : 0.01 + 0.04 * (1 + Math.cos(Math.PI * (step - 2) / 4)) / 2;
        assertMatchesReference("adamw warm-up cosine",
                Optimizers.adamW(Schedules.cosineDecay(0.05, 4, 0.01).withLinearWarmup(2)).weightDecay(0.2),
                adamWRule(0.9, 0.999, 1e-8, 0.2), lr);
    }

    @Test
    void adamWDiffersFromAdamWithL2() {
        // Guards against AdamW silently being Adam + L2: same wd, visibly different results.
        double[] a = reference(adamRule(0.9, 0.999, 1e-8, 0.2), constant(0.05), STEPS);
        List<Parameter> ps = parameters(backend());
        run(Optimizers.adamW(0.05).weightDecay(0.2), ps, 1, STEPS);
        double[] w = values(ps);
        double maxDiff = 0;
        for (int i = 0; i < SIZE; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - w[i]));
        }
        assertTrue(maxDiff > 1e-3, "AdamW and Adam+L2 should differ, max difference " + maxDiff);
    }

    // ---- learning rate, steps, errors --------------------------------------------------------------------

    @Test
    void currentLearningRateFollowsTheStepCounter() {
        Optimizer sgd = Optimizers.sgd(Schedules.stepDecay(0.4, 1, 0.5));
        List<Parameter> ps = parameters(backend());
        assertEquals(0.4, sgd.currentLearningRate(), 1e-15);
        run(sgd, ps, 1, 2);
        assertEquals(2, sgd.iterations());
        assertEquals(0.1, sgd.currentLearningRate(), 1e-15);
    }

    @Test
    void aScheduleReturningNaNFailsBeforeAnyParameterChanges() {
        Optimizer sgd = Optimizers.sgd(step -> step < 1 ? 0.1 : Double.NaN);
        List<Parameter> ps = parameters(backend());
        run(sgd, ps, 1, 1);
        double[] before = values(ps);
        setGradients(ps, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.step(ps));
        assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("NaN")
                && e.getMessage().contains("step 1"), e.getMessage());
        assertArrayEquals(before, values(ps));
        assertEquals(1, sgd.iterations());
    }

    @Test
    void twoParametersWithOneNameAreRejected() {
        Backend b = backend();
        Optimizer adam = Optimizers.adam(0.01);
        List<Parameter> first = List.of(new Parameter("w", b.zeros(2)));
        adam.step(first);
        List<Parameter> other = List.of(new Parameter("w", b.zeros(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.step(other));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("unique"), e.getMessage());
    }

    @Test
    void aStepDoesNotChangeTheGradients() {
        List<Parameter> ps = parameters(backend());
        setGradients(ps, 1);
        List<float[]> before = new ArrayList<>();
        for (Parameter p : ps) {
            before.add(p.grad().toFloatArray());
        }
        Optimizers.adamW(0.01).weightDecay(0.1).step(ps);
        Optimizers.adam(0.01).weightDecay(0.1).step(ps);
        Optimizers.rmsProp(0.01).momentum(0.9).centered().weightDecay(0.1).step(ps);
        Optimizers.sgd(0.01).momentum(0.9).nesterov().weightDecay(0.1).step(ps);
        for (int k = 0; k < ps.size(); k++) {
            assertArrayEquals(before.get(k), ps.get(k).grad().toFloatArray(), ps.get(k).name());
        }
    }

    // ---- allocation ------------------------------------------------------------------------------------------

    static List<Supplier<Optimizer>> everyConfiguration() {
        return List.of(
                () -> Optimizers.sgd(0.1),
                () -> Optimizers.sgd(0.1).weightDecay(0.1),
                () -> Optimizers.sgd(0.1).momentum(0.9).nesterov().weightDecay(0.1),
                () -> Optimizers.rmsProp(0.01),
                () -> Optimizers.rmsProp(0.01).momentum(0.9).centered().weightDecay(0.1),
                () -> Optimizers.adam(0.01),
                () -> Optimizers.adam(0.01).weightDecay(0.1),
                () -> Optimizers.adamW(0.01));
    }

    @Test
    void stepsAfterTheFirstAllocateNoTensors() {
        for (Supplier<Optimizer> make : everyConfiguration()) {
            TensorAllocationCounter counter = new TensorAllocationCounter(backend());
            List<Parameter> ps = parameters(counter.backend());
            Optimizer optimizer = make.get();
            run(optimizer, ps, 1, 1);
            long afterFirst = counter.created();
            Map<String, Tensor> state = new LinkedHashMap<>(optimizer.state().tensors());
            run(optimizer, ps, 2, STEPS);
            assertEquals(afterFirst, counter.created(), optimizer + ": tensors allocated after the first step");
            Map<String, Tensor> later = optimizer.state().tensors();
            assertEquals(state.keySet(), later.keySet(), optimizer + ": state keys changed");
            for (String key : state.keySet()) {
                assertSame(state.get(key), later.get(key), optimizer + ": state tensor " + key + " was replaced");
            }
        }
    }

    @Test
    void theCounterSeesAllocations() {
        // The allocation test above is only meaningful if the counter counts.
        TensorAllocationCounter counter = new TensorAllocationCounter(backend());
        Tensor a = counter.backend().zeros(3);
        long c = counter.created();
        a.add(a);
        a.newLike();
        a.addInPlace(a);
        a.scale(2f, a);
        assertEquals(c + 2, counter.created());
    }

    // ---- state export / import -------------------------------------------------------------------------------

    @Test
    void stateHasTheDocumentedKeys() {
        List<Parameter> ps = parameters(backend());
        Optimizer adam = Optimizers.adam(0.01);
        run(adam, ps, 1, 2);
        OptimizerState state = adam.state();
        assertEquals("adam", state.type());
        assertEquals(2, state.iterations());
        assertEquals(List.of("0.dense.weight/exp_avg", "0.dense.weight/exp_avg_sq", "0.dense.bias/exp_avg",
                "0.dense.bias/exp_avg_sq", "1.dense.weight/exp_avg", "1.dense.weight/exp_avg_sq"),
                new ArrayList<>(state.tensors().keySet()));
        assertEquals(Shape.of(3), state.tensors().get("0.dense.bias/exp_avg").shape());
        assertEquals(List.of(), new ArrayList<>(Optimizers.sgd(0.1).state().tensors().keySet()));
    }

    @Test
    void resumingFromSavedStateGivesTheUninterruptedResult() {
        for (Supplier<Optimizer> make : everyConfiguration()) {
            List<Parameter> straight = parameters(backend());
            run(make.get(), straight, 1, STEPS);

            List<Parameter> first = parameters(backend());
            Optimizer before = make.get();
            run(before, first, 1, 2);
            // What a model file does: copy out values and state as plain arrays, build everything anew.
            OptimizerState saved = copyOf(before.state());
            List<Parameter> resumed = parameters(backend());
            for (int k = 0; k < resumed.size(); k++) {
                resumed.get(k).value().copyFrom(first.get(k).value().toFloatArray());
            }
            Optimizer after = make.get();
            after.loadState(saved, resumed);
            assertEquals(2, after.iterations());
            run(after, resumed, 3, STEPS);
            assertArrayEquals(values(straight), values(resumed), before + ": resumed run differs");
        }
    }

    OptimizerState copyOf(OptimizerState state) {
        Map<String, Tensor> copies = new LinkedHashMap<>();
        state.tensors().forEach((k, t) -> copies.put(k, backend().of(t.toFloatArray(), t.shape())));
        return new OptimizerState(state.type(), state.iterations(), copies);
    }

    @Test
    void loadStateRejectsMismatchesAndChangesNothing() {
        Backend b = backend();
        List<Parameter> ps = parameters(b);
        Optimizer adam = Optimizers.adam(0.01);
        run(adam, ps, 1, 1);
        OptimizerState good = copyOf(adam.state());

        Optimizer target = Optimizers.adam(0.01);
        run(target, parameters(b), 1, 3);
        OptimizerState untouched = target.state();

        assertLoadFails(target, new OptimizerState("sgd", 1, Map.of()), ps, "'sgd'");
        assertLoadFails(target, with(good, "9.dense.weight/exp_avg", b.zeros(2, 3)), ps, "9.dense.weight");
        assertLoadFails(target, with(good, "0.dense.bias/exp_avg", b.zeros(4)), ps, "[4]");
        assertLoadFails(target, with(good, "0.dense.bias/momentum_buffer", b.zeros(3)), ps, "momentum_buffer");
        Map<String, Tensor> partial = new LinkedHashMap<>(good.tensors());
        partial.remove("0.dense.bias/exp_avg_sq");
        assertLoadFails(target, new OptimizerState("adam", 1, partial), ps, "exp_avg_sq");

        assertEquals(3, target.iterations());
        assertEquals(untouched.tensors().keySet(), target.state().tensors().keySet());
        for (String key : untouched.tensors().keySet()) {
            assertSame(untouched.tensors().get(key), target.state().tensors().get(key));
        }
    }

    static OptimizerState with(OptimizerState state, String key, Tensor tensor) {
        Map<String, Tensor> m = new LinkedHashMap<>(state.tensors());
        m.put(key, tensor);
        return new OptimizerState(state.type(), state.iterations(), m);
    }

    static void assertLoadFails(Optimizer optimizer, OptimizerState state, List<Parameter> ps, String mention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> optimizer.loadState(state, ps));
        assertTrue(e.getMessage().contains(mention), "message should mention " + mention + ": " + e.getMessage());
    }

    // ---- gradient clipping -------------------------------------------------------------------------------------

    @Test
    void clipByGlobalNormScalesAllGradientsTogether() {
        List<Parameter> ps = parameters(backend());
        setGradients(ps, 1);
        double sum = 0;
        for (int i = 0; i < SIZE; i++) {
            sum += gradient(1, i) * gradient(1, i);
        }
        double norm = Math.sqrt(sum);
        double maxNorm = norm / 3;
        double returned = GradientClipping.byGlobalNorm(maxNorm).clip(ps);
        assertEquals(norm, returned, 1e-5 * norm);
        double[] clipped = gradients(ps);
        double clippedSum = 0;
        for (int i = 0; i < SIZE; i++) {
            double expected = gradient(1, i) * maxNorm / (norm + 1e-6);
            assertEquals(expected, clipped[i], 1e-6, "element " + i);
            clippedSum += clipped[i] * clipped[i];
        }
        assertEquals(maxNorm, Math.sqrt(clippedSum), 1e-5);
    }

    @Test
    void clipByGlobalNormLeavesSmallGradientsAlone() {
        List<Parameter> ps = parameters(backend());
        setGradients(ps, 2);
        double[] before = gradients(ps);
        double norm = GradientClipping.byGlobalNorm(100).clip(ps);
        assertTrue(norm > 1 && norm < 100, "norm " + norm);
        assertArrayEquals(before, gradients(ps));
    }

    @Test
    void clipByValueClampsEachElement() {
        List<Parameter> ps = parameters(backend());
        setGradients(ps, 3);
        GradientClipping.byValue(0.5).clip(ps);
        double[] clipped = gradients(ps);
        int clampedCount = 0;
        for (int i = 0; i < SIZE; i++) {
            double g = (float) gradient(3, i);
            double expected = Math.max(-0.5, Math.min(0.5, g));
            clampedCount += expected != g ? 1 : 0;
            assertEquals(expected, clipped[i], 1e-7, "element " + i);
        }
        assertTrue(clampedCount >= 3, "test data clamps too few elements: " + clampedCount);
    }

    @Test
    void clippingThenSgdMatchesTheReference() {
        // The training loop's order: backward, clip, step.
        List<Parameter> ps = parameters(backend());
        Optimizer sgd = Optimizers.sgd(0.1).momentum(0.9);
        GradientClipping clipping = GradientClipping.byGlobalNorm(1.0);
        for (int t = 1; t <= STEPS; t++) {
            setGradients(ps, t);
            clipping.clip(ps);
            sgd.step(ps);
        }
        Rule sgdRule = sgdRule(0.9, 0, false, 0);
        Rule clipped = (p, g, lr, t) -> {
            double s = 0;
            for (double x : g) {
                s += x * x;
            }
            double factor = Math.min(1, 1.0 / (Math.sqrt(s) + 1e-6));
            double[] c = new double[SIZE];
            for (int i = 0; i < SIZE; i++) {
                c[i] = g[i] * factor;
            }
            sgdRule.step(p, c, lr, t);
        };
        double[] expected = reference(clipped, constant(0.1), STEPS);
        double[] actual = values(ps);
        for (int i = 0; i < SIZE; i++) {
            assertEquals(expected[i], actual[i], ABS_TOL, "element " + i);
        }
    }

    @Test
    void clippingRefusesNonFiniteGradients() {
        List<Parameter> ps = parameters(backend());
        setGradients(ps, 1);
        ps.get(1).grad().set(2, Float.NaN);
        for (GradientClipping c : List.of(GradientClipping.byGlobalNorm(1), GradientClipping.byValue(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.clip(ps));
            assertTrue(e.getMessage().contains("0.dense.bias") && e.getMessage().contains("learning rate"),
                    e.getMessage());
        }
    }

    static double[] gradients(List<Parameter> ps) {
        double[] out = new double[SIZE];
        int offset = 0;
        for (Parameter p : ps) {
            float[] g = p.grad().toFloatArray();
            for (int j = 0; j < g.length; j++) {
                out[offset + j] = g[j];
            }
            offset += g.length;
        }
        return out;
    }
}
