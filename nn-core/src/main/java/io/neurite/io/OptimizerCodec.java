package io.neurite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.optim.AbstractOptimizer;
import io.neurite.optim.Adam;
import io.neurite.optim.AdamW;
import io.neurite.optim.Optimizer;
import io.neurite.optim.RmsProp;
import io.neurite.optim.Sgd;
import io.neurite.optim.schedule.ConstantSchedule;
import io.neurite.optim.schedule.CosineDecay;
import io.neurite.optim.schedule.ExponentialDecay;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.optim.schedule.LinearWarmup;
import io.neurite.optim.schedule.StepDecay;
import java.util.List;

/**
 * An optimizer's hyper-parameters and learning-rate schedule in a model file (format 2), as objects that load
 * back into an equal optimizer: {@code "config": {"beta1": 0.9, ...}} and {@code "schedule": {"type":
 * "cosineDecay", "initialLr": 0.001, "decaySteps": 6330, "minLr": 0.0}} ({@code linearWarmup} nests the
 * schedule it warms up into as {@code "after"}). Doubles are written in their shortest exact form, so the
 * restored optimizer computes bit for bit what the saved one would have.
 *
 * <p>It knows the optimizers of {@code io.neurite.optim} ({@code sgd}, {@code rmsprop}, {@code adam},
 * {@code adamw}) and the schedules of {@code Schedules}; for any other optimizer or schedule
 * {@link #config}/{@link #schedule} return {@code null}, and the file keeps the state tensors and the
 * {@code toString()} text only (as format 1 did).
 */
final class OptimizerCodec {
    private OptimizerCodec() {
    }

    /** The hyper-parameters of one of the known optimizers, or {@code null}. */
    static ObjectNode config(Optimizer optimizer) {
        LayerConfig c = LayerConfig.empty();
        if (optimizer instanceof Sgd o) {
            c.put("momentum", o.momentum()).put("dampening", o.dampening()).put("nesterov", o.isNesterov())
                    .put("weightDecay", o.weightDecay());
        } else if (optimizer instanceof RmsProp o) {
            c.put("rho", o.rho()).put("eps", o.eps()).put("momentum", o.momentum()).put("centered", o.isCentered())
                    .put("weightDecay", o.weightDecay());
        } else if (optimizer instanceof Adam o) {
            c.put("beta1", o.beta1()).put("beta2", o.beta2()).put("eps", o.eps()).put("weightDecay", o.weightDecay());
        } else if (optimizer instanceof AdamW o) {
            c.put("beta1", o.beta1()).put("beta2", o.beta2()).put("eps", o.eps()).put("weightDecay", o.weightDecay());
        } else {
            return null;
        }
        return c.node();
    }

    /** The learning-rate schedule of a known optimizer, if it is one of the known schedules, or {@code null}. */
    static ObjectNode schedule(Optimizer optimizer) {
        return optimizer instanceof AbstractOptimizer o ? schedule(o.learningRateSchedule()) : null;
    }

    private static ObjectNode schedule(LearningRateSchedule schedule) {
        LayerConfig c = LayerConfig.empty();
        if (schedule instanceof ConstantSchedule s) {
            c.put("type", "constant").put("lr", s.rate());
        } else if (schedule instanceof CosineDecay s) {
            c.put("type", "cosineDecay").put("initialLr", s.initialLr()).put("decaySteps", s.decaySteps())
                    .put("minLr", s.minLr());
        } else if (schedule instanceof ExponentialDecay s) {
            c.put("type", "exponentialDecay").put("initialLr", s.initialLr()).put("decayRate", s.decayRate())
                    .put("decaySteps", s.decaySteps());
        } else if (schedule instanceof StepDecay s) {
            c.put("type", "stepDecay").put("initialLr", s.initialLr()).put("stepSize", s.stepSize())
                    .put("gamma", s.gamma());
        } else if (schedule instanceof LinearWarmup s) {
            ObjectNode after = schedule(s.after());
            if (after == null) {
                return null;
            }
            c.put("type", "linearWarmup").put("warmupSteps", s.warmupSteps());
            c.node().set("after", after);
        } else {
            return null;
        }
        return c.node();
    }

    /**
     * A new optimizer of {@code type} from what {@link #config} and {@link #schedule} wrote; throws
     * {@link IllegalArgumentException} naming the field for anything it cannot use (an unknown type, a missing
     * or unknown field, a value out of range).
     */
    static Optimizer create(String type, ObjectNode configNode, ObjectNode scheduleNode) {
        LearningRateSchedule lr = createSchedule(scheduleNode, "schedule");
        LayerConfig c = LayerConfig.of(configNode);
        Optimizer optimizer = switch (type) {
            case "sgd" -> new Sgd(lr, c.getDouble("momentum"), c.getDouble("dampening"), c.getBoolean("nesterov"),
                    c.getDouble("weightDecay"));
            case "rmsprop" -> new RmsProp(lr, c.getDouble("rho"), c.getDouble("eps"), c.getDouble("momentum"),
                    c.getBoolean("centered"), c.getDouble("weightDecay"));
            case "adam" -> new Adam(lr, c.getDouble("beta1"), c.getDouble("beta2"), c.getDouble("eps"),
                    c.getDouble("weightDecay"));
            case "adamw" -> new AdamW(lr, c.getDouble("beta1"), c.getDouble("beta2"), c.getDouble("eps"),
                    c.getDouble("weightDecay"));
            default -> throw new IllegalArgumentException("the optimizer type '" + type + "' is not one this version"
                    + " can rebuild (it knows " + List.of("sgd", "rmsprop", "adam", "adamw") + ")");
        };
        refuseUnknown(c, "config");
        return optimizer;
    }

    private static LearningRateSchedule createSchedule(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object but is " + node);
        }
        LayerConfig c = LayerConfig.of((ObjectNode) node);
        String type = c.getString("type");
        LearningRateSchedule schedule = switch (type) {
            case "constant" -> new ConstantSchedule(c.getDouble("lr"));
            case "cosineDecay" -> new CosineDecay(c.getDouble("initialLr"), c.getLong("decaySteps"),
                    c.getDouble("minLr"));
            case "exponentialDecay" -> new ExponentialDecay(c.getDouble("initialLr"), c.getDouble("decayRate"),
                    c.getLong("decaySteps"));
            case "stepDecay" -> new StepDecay(c.getDouble("initialLr"), c.getLong("stepSize"), c.getDouble("gamma"));
            case "linearWarmup" -> {
                c.has("after");
                yield new LinearWarmup(c.getLong("warmupSteps"), createSchedule(node.get("after"), where + ".after"));
            }
            default -> throw new IllegalArgumentException(where + ".type '" + type + "' is not a schedule this version"
                    + " knows (constant, cosineDecay, exponentialDecay, stepDecay, linearWarmup)");
        };
        refuseUnknown(c, where);
        return schedule;
    }

    private static void refuseUnknown(LayerConfig c, String where) {
        List<String> unknown = c.unread();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + " has fields " + unknown + " that this version does not know");
        }
    }
}
