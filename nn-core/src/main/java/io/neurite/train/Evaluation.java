package io.neurite.train;

/** The mean loss and accuracy of a model on a set of samples ({@code accuracy} is NaN for regression losses). */
public record Evaluation(double loss, double accuracy) {
}
