package io.neurite.optim;

/** The hyper-parameter checks the optimizers share, so every message names the optimizer, the value and a fix. */
final class Arguments {
    private Arguments() {
    }

    static double learningRate(String optimizer, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(optimizer + ": learning rate is " + lr
                    + " but must be a finite number >= 0 (typical values: 1e-4 to 0.1)");
        }
        return lr;
    }

    static double nonNegative(String optimizer, String name, double value, String hint) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " is " + value
                    + " but must be a finite number >= 0" + hint);
        }
        return value;
    }

    /** {@code 0 <= value < 1}, the range of every decay rate of a running average. */
    static double decayRate(String optimizer, String name, double value, String hint) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " is " + value
                    + " but must be in [0, 1)" + hint);
        }
        return value;
    }

    static double epsilon(String optimizer, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(optimizer + ": eps is " + eps
                    + " but must be a finite number > 0; it keeps the division away from zero (usual value 1e-8)");
        }
        return eps;
    }
}
