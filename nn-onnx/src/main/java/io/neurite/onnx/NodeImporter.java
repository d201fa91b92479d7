package io.neurite.onnx;

import java.util.List;
import java.util.Optional;

/**
 * Turns a run of ONNX nodes, starting at the cursor's node, into one Neurite layer. It handles the op types in
 * {@link #opTypes()} (the op type of the first node of the run; a run may be longer, e.g. MatMul then Add);
 * {@link OnnxMappings} picks the importer by that op type.
 */
public interface NodeImporter {

    /** The op types (default ONNX domain) this importer starts from, e.g. {@code Gemm} and {@code MatMul}. */
    List<String> opTypes();

    /**
     * Reads the cursor's node (and perhaps the following ones), calling {@link ImportCursor#advance()} once per
     * node taken, and returns the layer they compute, or empty for nodes that are the identity at inference
     * (Dropout, Identity). Fails with {@link ImportCursor#fail} for a form of the op Neurite does not have.
     */
    Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException;
}
