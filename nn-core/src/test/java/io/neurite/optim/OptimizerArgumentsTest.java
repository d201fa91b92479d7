package io.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.optim.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hyper-parameter checks (each message names the optimizer, the parameter, the value and a fix), the slots
 * each configuration keeps, and the step counter — none of which needs a tensor. The update rules are pinned
 * per backend in {@code io.neurite.conformance.OptimizerTests}.
 */
class OptimizerArgumentsTest {

    @Test
    void sgdRejectsBadHyperParameters() {
        assertMessage(() -> Optimizers.sgd(-0.1), "sgd", "learning rate", "-0.1");
        assertMessage(() -> Optimizers.sgd(Double.NaN), "sgd", "learning rate", "NaN");
        assertMessage(() -> Optimizers.sgd(0.1).momentum(1.0), "sgd", "momentum", "1.0", "[0, 1)");
        assertMessage(() -> Optimizers.sgd(0.1).momentum(-0.5), "sgd", "momentum", "-0.5");
        assertMessage(() -> Optimizers.sgd(0.1).dampening(1.5), "sgd", "dampening", "1.5");
        assertMessage(() -> Optimizers.sgd(0.1).weightDecay(-1e-4), "sgd", "weightDecay", "-1.0E-4");
        assertMessage(() -> Optimizers.sgd(0.1).nesterov(), "sgd", "Nesterov", "momentum is 0.0",
                ".momentum(0.9).nesterov()");
        assertMessage(() -> Optimizers.sgd(0.1).momentum(0.9).dampening(0.1).nesterov(), "Nesterov", "dampening 0.1");
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Optimizers.sgd((LearningRateSchedule) null));
        assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("schedule"), e.getMessage());
    }

    @Test
    void adaptiveOptimizersRejectBadHyperParameters() {
        assertMessage(() -> Optimizers.rmsProp(-1), "rmsprop", "learning rate");
        assertMessage(() -> Optimizers.rmsProp(0.01).rho(1.0), "rmsprop", "rho", "1.0");
        assertMessage(() -> Optimizers.rmsProp(0.01).eps(0), "rmsprop", "eps", "0.0", "> 0");
        assertMessage(() -> Optimizers.rmsProp(0.01).momentum(2), "rmsprop", "momentum", "2.0");
        assertMessage(() -> Optimizers.rmsProp(0.01).weightDecay(Double.NaN), "rmsprop", "weightDecay", "NaN");
        assertMessage(() -> Optimizers.adam(0.01).betas(1.0, 0.999), "adam", "beta1", "1.0", "0.9");
        assertMessage(() -> Optimizers.adam(0.01).betas(0.9, -0.1), "adam", "beta2", "-0.1", "0.999");
        assertMessage(() -> Optimizers.adam(0.01).eps(-1e-8), "adam", "eps", "-1.0E-8");
        assertMessage(() -> Optimizers.adam(0.01).weightDecay(-1), "adam", "weightDecay", "AdamW");
        assertMessage(() -> Optimizers.adamW(Double.POSITIVE_INFINITY), "adamw", "learning rate", "Infinity");
        assertMessage(() -> Optimizers.adamW(0.01).betas(0.9, 1.5), "adamw", "beta2", "1.5");
        assertMessage(() -> Optimizers.adamW(0.01).weightDecay(-0.01), "adamw", "weightDecay", "-0.01");
    }

    @Test
    void clippingRejectsBadLimits() {
        assertMessage(() -> GradientClipping.byGlobalNorm(0), "byGlobalNorm", "maxNorm", "0.0");
        assertMessage(() -> GradientClipping.byGlobalNorm(Double.NaN), "byGlobalNorm", "NaN");
        assertMessage(() -> GradientClipping.byValue(-1), "byValue", "limit", "-1.0");
        assertMessage(() -> GradientClipping.byValue(Double.POSITIVE_INFINITY), "byValue", "Infinity");
    }

    @Test
    void adamWRejectsADecayThatWouldFlipTheWeightsBeforeTouchingThem() {
        Optimizer adamW = Optimizers.adamW(Schedules.stepDecay(2.0, 10, 0.5)).weightDecay(0.6);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> adamW.step(List.of()));
        assertTrue(e.getMessage().contains("adamw") && e.getMessage().contains("2.0 * 0.6"), e.getMessage());
        assertEquals(0, adamW.iterations());
    }

    @Test
    void eachConfigurationKeepsTheDocumentedSlots() {
        assertEquals(List.of(), Optimizers.sgd(0.1).slotNames());
        assertEquals(List.of("momentum_buffer"), Optimizers.sgd(0.1).momentum(0.9).nesterov().slotNames());
        assertEquals(List.of("square_avg"), Optimizers.rmsProp(0.1).slotNames());
        assertEquals(List.of("square_avg", "momentum_buffer", "grad_avg"),
                Optimizers.rmsProp(0.1).centered().momentum(0.9).slotNames());
        assertEquals(List.of("exp_avg", "exp_avg_sq"), Optimizers.adam().slotNames());
        assertEquals(List.of("exp_avg", "exp_avg_sq"), Optimizers.adamW(0.1).slotNames());
        assertEquals("adamw", Optimizers.adamW(0.1).type());
        assertEquals("rmsprop", Optimizers.rmsProp(0.1).type());
    }

    @Test
    void fluentCopiesKeepEverySetting() {
        Sgd sgd = Optimizers.sgd(0.1).weightDecay(0.01).momentum(0.9).dampening(0).nesterov();
        assertEquals(0.9, sgd.momentum());
        assertEquals(0.01, sgd.weightDecay());
        assertTrue(sgd.isNesterov());
        assertEquals(0.1, sgd.currentLearningRate());
        assertEquals(0.5, sgd.learningRate(Schedules.constant(0.5)).currentLearningRate());
        assertEquals(1e-3, Optimizers.adam().currentLearningRate());
    }

    @Test
    void theStepCounterDrivesTheSchedule() {
        Optimizer sgd = Optimizers.sgd(Schedules.constant(0.4).withLinearWarmup(4));
        assertEquals(0.1, sgd.currentLearningRate(), 1e-15);
        sgd.step(List.of());
        sgd.step(List.of());
        assertEquals(2, sgd.iterations());
        assertEquals(0.3, sgd.currentLearningRate(), 1e-15);
    }

    @Test
    void stateKeysSplitAtTheLastSlash() {
        String key = OptimizerState.key("encoder/0.dense.weight", "exp_avg");
        assertEquals("encoder/0.dense.weight/exp_avg", key);
        assertEquals("encoder/0.dense.weight", OptimizerState.parameterName(key));
        assertEquals("exp_avg", OptimizerState.slot(key));
        assertMessage(() -> OptimizerState.slot("weights"), "'weights'", "<parameter name>/<slot>");
        assertMessage(() -> new OptimizerState("sgd", -1, Map.of()), "iterations", "-1");
        OptimizerState empty = Optimizers.adam().state();
        assertEquals("adam", empty.type());
        assertEquals(0, empty.iterations());
        assertTrue(empty.tensors().isEmpty());
    }

    static void assertMessage(Executable call, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message should mention '" + m + "': " + e.getMessage());
        }
    }
}
