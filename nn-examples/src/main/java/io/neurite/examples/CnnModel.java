package io.neurite.examples;

import io.neurite.nn.BatchNorm;
import io.neurite.nn.Conv2D;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Flatten;
import io.neurite.nn.Initializer;
import io.neurite.nn.Layer;
import io.neurite.nn.MaxPool2D;
import io.neurite.nn.Padding;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The CNN of {@code --model cnn}: Conv(C→32, 3x3, same) BN ReLU MaxPool(2) → Conv(32→64, 3x3, same) BN ReLU
 * MaxPool(2) → Flatten → Dense(64 * H/4 * W/4 → 128) ReLU Dropout → Dense(128 → classes). The convolutions
 * have no bias (the BatchNorm after each has its own shift). For Fashion-MNIST's 28x28 images that is
 * Dense(3136 → 128) and 421,738 parameters.
 */
final class CnnModel {
    private CnnModel() {
    }

    /**
     * A data set's per-sample shape as an image {@code [channels, height, width]}: {@code [C, H, W]} as it is,
     * {@code [H, W]} as one channel, and a flat vector of a square number of values as one square channel.
     */
    static Shape imageShape(Shape sample) {
        if (sample.rank() == 3) {
            return sample;
        }
        if (sample.rank() == 2) {
            return Shape.of(1, sample.dim(0), sample.dim(1));
        }
        int side = (int) Math.round(Math.sqrt(sample.size()));
        if (sample.rank() == 1 && side * side == sample.size()) {
            return Shape.of(1, side, side);
        }
        throw new IllegalArgumentException("--model cnn needs images, but the samples have shape " + sample
                + "; give image files (IDX with rows and columns), or use --model mlp");
    }

    static Sequential build(Backend backend, Shape image, int classes, float dropout, long seed) {
        int h = image.dim(1) / 4;
        int w = image.dim(2) / 4;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("--model cnn pools twice by 2, so it needs images of at least 4x4"
                    + " pixels, but they are " + image.dim(1) + "x" + image.dim(2));
        }
        List<Layer> layers = new ArrayList<>(List.of(
                Conv2D.builder(image.dim(0), 32, 3).padding(Padding.same()).bias(false)
                        .init(Initializer.heNormal(seed)).build(),
                new BatchNorm(32), new ReLU(), new MaxPool2D(2),
                Conv2D.builder(32, 64, 3).padding(Padding.same()).bias(false)
                        .init(Initializer.heNormal(seed + 1)).build(),
                new BatchNorm(64), new ReLU(), new MaxPool2D(2), new Flatten(),
                new Dense(64 * h * w, 128, Initializer.heNormal(seed + 2)), new ReLU()));
        if (dropout > 0) {
            layers.add(new Dropout(dropout, seed + 3));
        }
        layers.add(new Dense(128, classes, Initializer.xavierUniform(seed + 4)));
        return new Sequential(backend, image, layers);
    }
}
