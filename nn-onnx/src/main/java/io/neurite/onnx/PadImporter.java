package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;

/**
 * {@code Pad} with zeros on the height and width of an NCHW value, directly before an {@code AveragePool} or a
 * {@code Conv}: PyTorch writes {@code AvgPool2d(padding=p)} so. Zero padding is what those two do with their own
 * {@code pads} (an average then counts the padded zeros: {@code count_include_pad = 1}), so the Pad is folded
 * into the next node's pads and gives no layer of its own. Any other Pad fails.
 */
final class PadImporter implements NodeImporter {

    @Override
    public java.util.List<String> opTypes() {
        return java.util.List.of("Pad");
    }

    @Override
    public java.util.Optional<ImportedLayer> importNodes(ImportCursor cursor) throws OnnxFormatException {
        NodeProto pad = cursor.node();
        NodeProto next = cursor.next();
        if (next == null || !(next.getOpType().equals("AveragePool") || next.getOpType().equals("Conv"))) {
            throw cursor.fail(pad, "Neurite imports a Pad only directly before an AveragePool or a Conv, into whose"
                    + " padding it folds");
        }
        String mode = cursor.stringAttribute(pad, "mode", "constant");
        if (!mode.equals("constant")) {
            throw cursor.fail(pad, "mode is " + mode + "; Neurite pads with zeros (mode constant)");
        }
        if (pad.getInputCount() > 2 && !pad.getInput(2).isEmpty()) {
            float[] value = cursor.constantValues(pad, 2);
            if (value.length != 1 || value[0] != 0f) {
                throw cursor.fail(pad, "it pads with " + Arrays.toString(value) + "; Neurite pads with zeros");
            }
        }
        if (pad.getInputCount() > 3 && !pad.getInput(3).isEmpty()) {
            throw cursor.fail(pad, "it has an axes input; Neurite folds a Pad over all four axes only");
        }
        long[] p = cursor.constantLongs(pad, 1);
        if (p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0
                || Arrays.stream(p).anyMatch(v -> v < 0 || v > Integer.MAX_VALUE)) {
            throw cursor.fail(pad, "pads are " + Arrays.toString(p) + "; Neurite folds a Pad of height and width only"
                    + " ([0, 0, top, left, 0, 0, bottom, right], all >= 0)");
        }
        if (!cursor.stringAttribute(next, "auto_pad", "NOTSET").equals("NOTSET")) {
            throw cursor.fail(next, "it has auto_pad after a Pad; Neurite folds a Pad into explicit pads only");
        }
        long[] own = cursor.intsAttribute(next, "pads", 0, 0, 0, 0);
        if (own.length != 4) {
            throw cursor.fail(next, "pads are " + Arrays.toString(own) + "; a 2-D window has four");
        }
        // Pad's [.., top, left, .., .., bottom, right] plus the window's [top, left, bottom, right].
        long[] merged = {own[0] + p[2], own[1] + p[3], own[2] + p[6], own[3] + p[7]};
        NodeProto.Builder folded = next.toBuilder();
        removeAttribute(folded, "pads");
        folded.addAttribute(ExportContext.intsAttribute("pads", merged));
        if (next.getOpType().equals("AveragePool")) {
            boolean ownPads = Arrays.stream(own).anyMatch(v -> v != 0);
            if (ownPads && cursor.intAttribute(next, "count_include_pad", 0) != 1) {
                throw cursor.fail(next, "it has pads of its own with count_include_pad 0 after a Pad; Neurite divides"
                        + " by the whole window");
            }
            removeAttribute(folded, "count_include_pad");
            folded.addAttribute(ExportContext.intAttribute("count_include_pad", 1));
        }
        cursor.advance();
        cursor.replaceCurrent(folded.build());
        return java.util.Optional.empty();
    }

    private static void removeAttribute(NodeProto.Builder node, String name) {
        for (int i = node.getAttributeCount() - 1; i >= 0; i--) {
            AttributeProto a = node.getAttribute(i);
            if (a.getName().equals(name)) {
                node.removeAttribute(i);
            }
        }
    }
}
