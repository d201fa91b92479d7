package io.neurite.backend.nd4j;

import io.neurite.kernel.ActivationKernels;
import io.neurite.nn.ReLU;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;

/**
 * A dense ReLU network trained with softmax cross-entropy and plain SGD, written with Tensor ops only
 * (gemm with transpose flags, addRowVector, relu, softmaxRows, sumColumns, addScaledInPlace), so that it
 * runs unchanged on any backend and allocates no tensor after construction.
 */
final class TinyMlp {
    final Backend backend;
    private final ActivationKernels relu;
    final int batch;
    final int[] sizes;
    final Tensor[] weights;
    final Tensor[] biases;
    private final Tensor[] activations; // activations[0] is the input batch
    private final Tensor[] gradW;
    private final Tensor[] gradB;
    private final Tensor[] gradA;
    private final Tensor probs;
    private final Tensor logProbs;

    /** He-initialised from {@code seed}; identical on every backend. */
    TinyMlp(Backend backend, int batch, long seed, int... sizes) {
        this.backend = backend;
        this.relu = backend.kernels().activations();
        this.batch = batch;
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weights = new Tensor[layers];
        biases = new Tensor[layers];
        gradW = new Tensor[layers];
        gradB = new Tensor[layers];
        activations = new Tensor[layers + 1];
        gradA = new Tensor[layers + 1];
        activations[0] = backend.zeros(batch, sizes[0]);
        for (int l = 0; l < layers; l++) {
            weights[l] = backend.randomNormal(Shape.of(sizes[l], sizes[l + 1]), 0f,
                    (float) Math.sqrt(2.0 / sizes[l]), seed + l);
            biases[l] = backend.zeros(sizes[l + 1]);
            gradW[l] = backend.zeros(sizes[l], sizes[l + 1]);
            gradB[l] = backend.zeros(sizes[l + 1]);
            activations[l + 1] = backend.zeros(batch, sizes[l + 1]);
            gradA[l + 1] = backend.zeros(batch, sizes[l + 1]);
        }
        gradA[0] = backend.zeros(batch, sizes[0]);
        probs = backend.zeros(batch, sizes[layers]);
        logProbs = backend.zeros(batch, sizes[layers]);
    }

    /** Copies every weight and bias of {@code other} (any backend) into this network. */
    void copyWeightsFrom(TinyMlp other) {
        for (int l = 0; l < weights.length; l++) {
            weights[l].copyFrom(other.weights[l].to(backend));
            biases[l].copyFrom(other.biases[l].to(backend));
        }
    }

    /** One SGD step on {@code x} ({@code [batch, in]} values) with one-hot {@code y}; returns the mean loss. */
    float step(float[] x, int xOffset, Tensor oneHot, float learningRate) {
        int layers = weights.length;
        activations[0].copyFrom(x, xOffset);
        for (int l = 0; l < layers; l++) {
            backend.gemm(1f, activations[l], false, weights[l], false, 0f, activations[l + 1]);
            activations[l + 1].addRowVectorInPlace(biases[l]);
            if (l < layers - 1) {
                relu.forward(ReLU.FUNCTION, activations[l + 1], activations[l + 1]);
            }
        }
        Tensor logits = activations[layers];
        logits.logSoftmaxRows(logProbs);
        float loss = -logProbs.mul(oneHot, logProbs).sum() / batch; // logProbs is scratch from here on
        // dLoss/dlogits = (softmax - onehot) / batch, written over the logits.
        logits.softmaxRows(probs);
        probs.sub(oneHot, gradA[layers]).scaleInPlace(1f / batch);
        for (int l = layers - 1; l >= 0; l--) {
            backend.gemm(1f, activations[l], true, gradA[l + 1], false, 0f, gradW[l]);
            gradA[l + 1].sumColumns(gradB[l]);
            if (l > 0) {
                backend.gemm(1f, gradA[l + 1], false, weights[l], true, 0f, gradA[l]);
                // activations[l] is relu's output; > 0 exactly where its input was.
                relu.backward(ReLU.FUNCTION, activations[l], gradA[l], gradA[l]);
            }
        }
        for (int l = 0; l < layers; l++) {
            weights[l].addScaledInPlace(-learningRate, gradW[l]);
            biases[l].addScaledInPlace(-learningRate, gradB[l]);
        }
        return loss;
    }

    /** A learnable synthetic task: the class is the argmax of a fixed random projection of the input. */
    static final class Data {
        final float[] x;
        final int[] labels;
        final int n;
        final int features;
        final int classes;

        Data(int n, int features, int classes, long seed) {
            this.n = n;
            this.features = features;
            this.classes = classes;
            SeededRandom r = new SeededRandom(seed);
            x = r.normal(n * features, 0f, 1f);
            float[] projection = r.normal(features * classes, 0f, 1f);
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = 0;
                    for (int f = 0; f < features; f++) {
                        s += x[i * features + f] * projection[f * classes + c];
                    }
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                labels[i] = best;
            }
        }

        /** The one-hot labels of batch {@code b} into {@code dest} ({@code [batch, classes]}). */
        void oneHot(int b, int batch, Tensor dest, float[] scratch) {
            java.util.Arrays.fill(scratch, 0f);
            for (int i = 0; i < batch; i++) {
                scratch[i * classes + labels[b * batch + i]] = 1f;
            }
            dest.copyFrom(scratch);
        }
    }

    /** One pass over {@code data} in order; returns the mean batch loss. */
    double epoch(Data data, Tensor oneHot, float[] scratch, float learningRate) {
        int batches = data.n / batch;
        double total = 0;
        for (int b = 0; b < batches; b++) {
            data.oneHot(b, batch, oneHot, scratch);
            total += step(data.x, b * batch * data.features, oneHot, learningRate);
        }
        return total / batches;
    }
}
