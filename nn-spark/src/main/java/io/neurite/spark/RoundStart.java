package io.neurite.spark;

import java.io.Serializable;

/**
 * What every worker starts a round from, broadcast by the driver: the same weights and optimizer state for all,
 * and which local steps of which epoch to take.
 *
 * @param epoch       0-based epoch
 * @param round       0-based round within the epoch
 * @param firstStep   the epoch's local step the round starts at (round * stepsPerRound)
 * @param steps       how many steps every worker with data left takes in this round
 * @param globalStep  global steps taken before this round: the optimizer's step counter, so schedules see it
 * @param weights     every parameter's values, concatenated in the model's parameter order
 * @param stateKeys   the optimizer's state entries ({@code "0.weight/exp_avg"}), empty before the first step
 * @param state       their values, concatenated in {@code stateKeys} order (each shaped as its parameter)
 */
record RoundStart(int epoch, int round, int firstStep, int steps, long globalStep, float[] weights,
                  String[] stateKeys, float[] state) implements Serializable {

    /** Bytes of tensor data a worker receives: what one broadcast costs per executor. */
    long payloadBytes() {
        return 4L * (weights.length + state.length);
    }
}
