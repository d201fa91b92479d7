package io.neurite.nn;

import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * The last reshaped view made of a tensor, so that a layer whose training forward or backward is a reshape
 * (Flatten, Reshape) hands out the same view object for the same buffer every step instead of a new one.
 * Training path only: not thread-safe.
 */
final class ViewCache {
    private Tensor source;
    private Tensor view;

    /** {@code source.reshape(shape)}, the same object as last time when source and shape are the same. */
    Tensor view(Tensor source, Shape shape) {
        if (source != this.source || !view.shape().equals(shape)) {
            this.view = source.reshape(shape);
            this.source = source;
        }
        return view;
    }
}
