package io.neurite.nn;

import io.neurite.tensor.Shape;

/**
 * A layer cannot take an input of the given per-sample shape. It carries what the layer expects and what it
 * got, so that a container can name the layer and its position: {@code Sequential} turns it into
 * {@code layer 2 (Dense 64→10) expects input [64] but the previous layer (1: ReLU) produces [128]}.
 */
public class LayerShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final Shape actual;
    private final String hint;

    /**
     * @param layer    the layer's description, e.g. {@code Dense 64→10}
     * @param expected what it expects, phrased to follow "expects", e.g. {@code input [64]}
     * @param actual   the per-sample shape it was given
     * @param hint     how to fix it (may be empty)
     */
    public LayerShapeException(String layer, String expected, Shape actual, String hint) {
        super(layer + " expects " + expected + " but got " + actual + (hint.isEmpty() ? "" : "; " + hint));
        this.expected = expected;
        this.actual = actual;
        this.hint = hint;
    }

    /** What the layer expects, e.g. {@code input [64]}. */
    public String expected() {
        return expected;
    }

    /** The per-sample shape it was given. */
    public Shape actual() {
        return actual;
    }

    /** How to fix it; may be empty. */
    public String hint() {
        return hint;
    }
}
