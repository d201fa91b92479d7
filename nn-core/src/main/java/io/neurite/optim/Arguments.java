package io.neurite.optim;

/**
 * The hyper-parameter checks of the optimizers and of the learning-rate schedules ({@code optim.schedule}), in
 * one place so that every message has the same form: the owner, the name, the value, the range and a fix.
 * Public only so that the schedule package can share it; not meant for users.
 */
public final class Arguments {
    private Arguments() {
    }

    /** A learning rate: finite and {@code >= 0}. */
    public static double learningRate(String owner, String name, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(owner + ": " + name + " is " + lr
                    + " but must be a finite number >= 0 (typical values: 1e-4 to 0.1)");
        }
        return lr;
    }

    public static double nonNegative(String owner, String name, double value, String hint) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " is " + value
                    + " but must be a finite number >= 0" + hint);
        }
        return value;
    }

    /** {@code 0 <= value < 1}, the range of every decay rate of a running average. */
    public static double decayRate(String owner, String name, double value, String hint) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " is " + value
                    + " but must be in [0, 1)" + hint);
        }
        return value;
    }

    public static double epsilon(String owner, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(owner + ": eps is " + eps
                    + " but must be a finite number > 0; it keeps the division away from zero (usual value 1e-8)");
        }
        return eps;
    }

    /** A number of optimizer steps, {@code >= 1}. */
    public static long positiveSteps(String owner, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " is " + value
                    + " but must be at least 1 (a number of optimizer steps)");
        }
        return value;
    }

    /** A factor a learning rate is multiplied by, in {@code (0, 1]}. */
    public static double decayFactor(String owner, String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " is " + value
                    + " but must be in (0, 1]; a factor above 1 would grow the learning rate (e.g. use 0.1 or 0.96)");
        }
        return value;
    }

    /** A schedule's step, counted from 0. */
    public static void step(String owner, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(owner + ": step is " + step + " but steps count from 0");
        }
    }
}
