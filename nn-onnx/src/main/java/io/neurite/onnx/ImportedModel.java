package io.neurite.onnx;

import io.neurite.data.Normalizer;
import io.neurite.nn.Sequential;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link OnnxImport} took from an ONNX file: the model (built on the backend asked for), the input
 * normalisation if the graph starts with one, the class names and the other metadata. To keep it as a Neurite
 * model file: {@code ModelFile.writer(m.model()).classNames(m.classNames())...}, as {@code neurite import} does.
 *
 * @param file       where it was read from
 * @param model      the layers, their parameters holding the file's values
 * @param normalizer the {@code Sub}/{@code Mul} input normalisation at the start of the graph, if any
 * @param classNames one name per output from the metadata key {@value OnnxExport#CLASS_NAMES_KEY}, or empty
 * @param metadata   the other {@code metadata_props}, in file order
 * @param opset      the default-domain opset the file imports
 * @param producer   the producer name and version written in the file (may be empty)
 */
public record ImportedModel(Path file, Sequential model, Optional<Normalizer> normalizer, List<String> classNames,
                            Map<String, String> metadata, long opset, String producer) {
    public ImportedModel {
        classNames = List.copyOf(classNames);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
