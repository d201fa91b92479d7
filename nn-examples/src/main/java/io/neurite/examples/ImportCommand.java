package io.neurite.examples;

import io.neurite.io.ModelFile;
import io.neurite.onnx.ImportedModel;
import io.neurite.onnx.OnnxImport;
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
 * {@code neurite import --onnx m.onnx --model m.zip}: an ONNX chain of layers (from Neurite, PyTorch, ...) as a
 * Neurite model file, with the graph's input normalisation, class names and metadata, ready for
 * {@code evaluate}, {@code predict} or more training.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Import an ONNX model that is a chain of layers (Gemm/MatMul, activations, Softmax, ...) and"
                + " save it as a Neurite model file.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to read.")
    Path onnx;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file to write.")
    Path model;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ImportedModel imported = OnnxImport.readAll(onnx, backendOption.resolve(spec.commandLine().getErr()));
        ModelFile.Writer writer = ModelFile.writer(imported.model()).classNames(imported.classNames());
        imported.normalizer().ifPresent(writer::normalizer);
        imported.metadata().forEach(writer::metadata);
        writer.metadata("imported from", onnx.getFileName() + (imported.producer().isEmpty() ? ""
                : " (" + imported.producer() + ", opset " + imported.opset() + ")"));
        writer.save(model);
        out.print(imported.model().summary());
        out.println("wrote " + model + (imported.normalizer().isPresent() ? " with the graph's input normalisation" : "")
                + (imported.classNames().isEmpty() ? "" : ", " + imported.classNames().size() + " class names"));
        return 0;
    }
}
