package io.neurite.optim.schedule;

/** The argument checks the schedules share, so every message names the schedule, the value and the fix. */
final class Arguments {
    private Arguments() {
    }

    static double learningRate(String schedule, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + name + " is " + value
                    + " but must be a finite number >= 0 (typical values: 1e-4 to 0.1)");
        }
        return value;
    }

    static long positiveSteps(String schedule, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(schedule + ": " + name + " is " + value
                    + " but must be at least 1 (a number of optimizer steps)");
        }
        return value;
    }

    static double decayFactor(String schedule, String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(schedule + ": " + name + " is " + value
                    + " but must be in (0, 1]; a factor above 1 would grow the learning rate (e.g. use 0.1 or 0.96)");
        }
        return value;
    }

    static void step(String schedule, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(schedule + ": step is " + step + " but steps count from 0");
        }
    }
}
