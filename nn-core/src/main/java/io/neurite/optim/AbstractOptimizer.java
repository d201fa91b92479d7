package io.neurite.optim;

import io.neurite.nn.Parameter;
import io.neurite.optim.schedule.LearningRateSchedule;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The machinery every optimizer here shares, so that a subclass is only its update rule: the learning-rate
 * schedule and step counter, per-parameter state tensors ("slots") created lazily and keyed by parameter
 * name, reusable scratch tensors, and export/import of the state.
 *
 * <p>Allocation: the first {@link #step} creates each parameter's slots (zeros) and the scratch tensors;
 * later steps allocate no tensors. Scratch tensors are shared by all parameters of one shape and backend,
 * so they cost one parameter's memory per distinct shape, not per parameter.
 */
public abstract class AbstractOptimizer implements Optimizer {

    /** A parameter's slots, bound to the parameter instance that first used them. */
    private static final class ParameterState {
        final Parameter parameter;
        final Tensor[] slots;
        boolean fresh;

        ParameterState(Parameter parameter, Tensor[] slots, boolean fresh) {
            this.parameter = parameter;
            this.slots = slots;
            this.fresh = fresh;
        }
    }

    private final String type;
    private final LearningRateSchedule schedule;
    private final List<String> slotNames;
    private long iterations;
    private Map<String, ParameterState> states = new LinkedHashMap<>();
    private final Map<Backend, Map<Shape, Tensor[]>> scratch = new HashMap<>();

    /**
     * @param type      short lower-case name, used in messages and in {@link OptimizerState#type()}
     * @param schedule  the learning rate as a function of the step
     * @param slotNames the per-parameter state tensors this configuration keeps, in the order
     *                  {@link #update} receives them (may be empty)
     */
    protected AbstractOptimizer(String type, LearningRateSchedule schedule, List<String> slotNames) {
        this.type = Objects.requireNonNull(type, "type");
        this.schedule = Objects.requireNonNull(schedule,
                type + ": the learning-rate schedule is null; pass a rate such as 0.01 or a schedule");
        this.slotNames = List.copyOf(slotNames);
    }

    /**
     * Updates one parameter in place.
     *
     * @param parameter its value is overwritten; its gradient must not be modified
     * @param slots     its state tensors in {@code slotNames} order, zeros before the first update
     * @param lr        the learning rate of this step
     * @param step      the 1-based number of this step (what bias corrections use)
     * @param first     true on this parameter's first update (false after {@link #loadState})
     */
    protected abstract void update(Parameter parameter, Tensor[] slots, float lr, long step, boolean first);

    /**
     * Called once per {@link #step} before any parameter changes, with that step's rate and 1-based number:
     * the place to reject a hyper-parameter combination that only a schedule can produce, so a step either
     * fails whole or runs whole. Does nothing by default.
     */
    protected void beforeStep(double lr, long step) {
    }

    /**
     * A scratch tensor with {@code like}'s shape and backend, number {@code index} of those this optimizer
     * uses. Its contents are undefined on entry; it is shared with other parameters of the same shape, so it
     * holds nothing between calls of {@link #update}.
     */
    protected final Tensor scratch(int index, Tensor like) {
        Tensor[] pool = scratch.computeIfAbsent(like.backend(), b -> new HashMap<>())
                .computeIfAbsent(like.shape(), s -> new Tensor[2]);
        if (index >= pool.length) {
            Tensor[] grown = java.util.Arrays.copyOf(pool, index + 1);
            scratch.get(like.backend()).put(like.shape(), grown);
            pool = grown;
        }
        if (pool[index] == null) {
            pool[index] = like.newLike();
        }
        return pool[index];
    }

    @Override
    public final void step(List<Parameter> parameters) {
        double lr = currentLearningRate();
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalStateException(type + ": the learning-rate schedule " + schedule + " returned " + lr
                    + " for step " + iterations + "; a schedule must return a finite rate >= 0");
        }
        long step = iterations + 1;
        beforeStep(lr, step);
        for (Parameter parameter : parameters) {
            ParameterState state = stateOf(parameter);
            update(parameter, state.slots, (float) lr, step, state.fresh);
            state.fresh = false;
        }
        iterations = step;
    }

    private ParameterState stateOf(Parameter parameter) {
        ParameterState state = states.get(parameter.name());
        if (state == null) {
            Tensor[] slots = new Tensor[slotNames.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = parameter.value().newLike();
            }
            state = new ParameterState(parameter, slots, true);
            states.put(parameter.name(), state);
        } else if (state.parameter != parameter) {
            throw new IllegalArgumentException(type + ": two different parameters are named '" + parameter.name()
                    + "'; optimizer state is kept by parameter name, so give every parameter a unique name, use one"
                    + " optimizer per model, or call loadState(...) with the new model's parameters");
        }
        return state;
    }

    @Override
    public final long iterations() {
        return iterations;
    }

    @Override
    public final double currentLearningRate() {
        return schedule.lr(iterations);
    }

    /** The schedule this optimizer was built with. */
    public final LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /** Short lower-case name: {@code sgd}, {@code rmsprop}, {@code adam}, {@code adamw}. */
    public final String type() {
        return type;
    }

    /** The slots each parameter gets with these hyper-parameters, e.g. {@code [exp_avg, exp_avg_sq]}. */
    public final List<String> slotNames() {
        return slotNames;
    }

    @Override
    public OptimizerState state() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterState> e : states.entrySet()) {
            for (int i = 0; i < slotNames.size(); i++) {
                tensors.put(OptimizerState.key(e.getKey(), slotNames.get(i)), e.getValue().slots[i]);
            }
        }
        return new OptimizerState(type, iterations, tensors);
    }

    @Override
    public void loadState(OptimizerState state, List<Parameter> parameters) {
        if (!type.equals(state.type())) {
            throw new IllegalArgumentException(type + ": cannot load the state of a '" + state.type()
                    + "' optimizer; build a " + state.type() + " optimizer to resume that training, or start fresh");
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException(type + ": two parameters are named '" + p.name()
                        + "'; optimizer state is kept by parameter name, so names must be unique");
            }
        }
        Map<String, Tensor[]> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            String key = e.getKey();
            String name = OptimizerState.parameterName(key);
            String slot = OptimizerState.slot(key);
            int index = slotNames.indexOf(slot);
            if (index < 0) {
                throw new IllegalArgumentException(type + ": state entry '" + key + "' has slot '" + slot + "' but "
                        + "this " + this + " keeps " + (slotNames.isEmpty() ? "no per-parameter state" : slotNames)
                        + "; build the optimizer with the hyper-parameters the state was saved with");
            }
            Parameter p = byName.get(name);
            if (p == null) {
                throw new IllegalArgumentException(type + ": state entry '" + key + "' is for parameter '" + name
                        + "', which is not among the parameters given " + byName.keySet()
                        + "; the state was saved for a different model");
            }
            Tensor src = e.getValue();
            if (!src.shape().equals(p.value().shape())) {
                throw new IllegalArgumentException(type + ": state entry '" + key + "' is " + src.shape()
                        + " but parameter '" + name + "' is " + p.value().shape()
                        + "; the state was saved for a different model");
            }
            // Always a copy on the parameter's backend: the state may come from a file or another backend.
            Tensor copy = p.value().newLike().copyFrom(src.toFloatArray());
            loaded.computeIfAbsent(name, n -> new Tensor[slotNames.size()])[index] = copy;
        }
        Map<String, ParameterState> next = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor[]> e : loaded.entrySet()) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < slotNames.size(); i++) {
                if (e.getValue()[i] == null) {
                    missing.add(slotNames.get(i));
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(type + ": the state of parameter '" + e.getKey()
                        + "' lacks slots " + missing + " (expected " + slotNames + "); the state is incomplete");
            }
            next.put(e.getKey(), new ParameterState(byName.get(e.getKey()), e.getValue(), false));
        }
        states = next;
        iterations = state.iterations();
    }
}
