package io.neurite.onnx;

import io.neurite.nn.SiLU;
import java.util.List;
import java.util.Optional;

/**
 * {@link SiLU}, {@code x · σ(x)}, ↔ {@code Mul(x, Sigmoid(x))}: opset 20 has no SiLU op, and this
 * pair is what PyTorch writes for {@code nn.SiLU}. The pair reads {@code x} twice, so the importer first fuses
 * it (a Sigmoid whose output only the next node, a Mul of it and the Sigmoid's input, reads) into one node of
 * the op type {@value #FUSED_OP}, which this mapping then takes.
 */
final class SiLUMapping implements LayerExporter<SiLU>, NodeImporter {
    /** The op type of a fused Sigmoid-then-Mul pair inside the importer (never written to a file). */
    static final String FUSED_OP = "Sigmoid+Mul";

    @Override
    public Class<SiLU> layerClass() {
        return SiLU.class;
    }

    @Override
    public String export(SiLU layer, ExportContext context) {
        String sigmoid = context.node("Sigmoid", List.of(context.input()));
        return context.node("Mul", List.of(context.input(), sigmoid));
    }

    @Override
    public List<String> opTypes() {
        return List.of(FUSED_OP);
    }

    @Override
    public Optional<ImportedLayer> importNodes(ImportCursor cursor) {
        cursor.advance();
        return Optional.of(ImportedLayer.of(new SiLU()));
    }
}
