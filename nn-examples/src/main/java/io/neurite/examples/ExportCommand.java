package io.neurite.examples;

import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.onnx.OnnxExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neurite export --model m.zip --onnx m.onnx}: a saved model as an ONNX graph that takes raw values (the
 * model file's normalisation becomes the graph's first nodes), with the class names in its metadata.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a saved model to ONNX (opset " + OnnxExport.OPSET + "): the graph takes raw values,"
                + " as 'neurite predict' does, and carries the class names in its metadata.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file saved with --save.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path onnx;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SavedModel saved = ModelFile.read(model, backendOption.resolve(spec.commandLine().getErr()));
        OnnxExport.write(onnx, saved);
        out.println("wrote " + onnx + ": ONNX opset " + OnnxExport.OPSET + ", "
                + saved.model().parameterCount() + " parameters, input '" + OnnxExport.INPUT + "' float32 [batch, "
                + java.util.Arrays.toString(saved.model().inputShape().dims()).substring(1)
                + (saved.normalizer().isPresent() ? " of raw values (the normalisation is in the graph)"
                        : " (the model file holds no normalisation)")
                + ", output '" + OnnxExport.OUTPUT + "'"
                + (saved.classNames().isEmpty() ? "" : ", " + saved.classNames().size() + " class names"));
        return 0;
    }
}
