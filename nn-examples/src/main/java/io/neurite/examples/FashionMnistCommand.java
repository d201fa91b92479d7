package io.neurite.examples;

import io.neurite.data.source.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neurite fashion-mnist}: trains the MLP on Fashion-MNIST and reports its test accuracy. */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP (default 784-256-128-10, ReLU, Adam with cosine decay) on Fashion-MNIST; print"
                + " the per-epoch figures, the test accuracy and the confusion matrix.",
        footer = {"", "The data is looked for in this order:", "  --data DIR, $NEURITE_DATA,",
                "  ~/.neurite/datasets/fashion-mnist,",
                "  /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist),",
                "then downloaded into ~/.neurite/datasets/fashion-mnist."})
final class FashionMnistCommand extends TrainingCommand {

    @Option(names = "--data", paramLabel = "DIR", description = "Directory holding the four Fashion-MNIST files.")
    Path data;

    @Override
    MlpTraining.Data data() throws IOException {
        FashionMnist fashion = FashionMnist.load(data); // null: the standard search
        return new MlpTraining.Data("Fashion-MNIST", fashion.train(), fashion.test(), fashion.classNames(),
                fashion.source().directory() + " (" + fashion.source().origin() + ")");
    }
}
