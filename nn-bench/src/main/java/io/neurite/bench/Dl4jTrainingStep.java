package io.neurite.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The benchmark's MLP as a DeepLearning4j {@link MultiLayerNetwork}: what a Java user would otherwise
 * pick. Configured the way DL4J is fastest: float32, workspaces on for training (DL4J's default, which
 * reuses activation memory between steps), no listeners. Thread settings: see {@link RawNd4j#configure}
 * and the module README (OpenMP's environment variables must be set before the JVM starts).
 */
final class Dl4jTrainingStep implements TrainingStep {
    /** The benchmark's {@code backend} value for DL4J. */
    static final String NAME = "dl4j";

    private final MultiLayerNetwork network;
    private final INDArray features;
    private final INDArray labels;

    Dl4jTrainingStep(int threads, int batch) {
        RawNd4j.configure(threads);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new Adam(LEARNING_RATE))
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN1).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(HIDDEN1).nOut(HIDDEN2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(HIDDEN2).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        network = new MultiLayerNetwork(conf);
        network.init();
        features = Nd4j.create(BenchData.pixels(batch * INPUTS, 3), new long[] {batch, INPUTS}, 'c');
        labels = Nd4j.create(BenchData.oneHot(batch, CLASSES, 4), new long[] {batch, CLASSES}, 'c');
        BenchSetup.announce("DL4J MultiLayerNetwork 784-256-128-10, Adam, batch " + batch);
    }

    @Override
    public double step() {
        network.fit(features, labels);
        return network.score();
    }
}
