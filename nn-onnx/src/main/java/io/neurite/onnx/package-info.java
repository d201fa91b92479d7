/**
 * ONNX interop: {@link io.neurite.onnx.OnnxExport} writes a {@code Sequential} (and a model file's normaliser and
 * class names) as an ONNX graph of opset {@value io.neurite.onnx.OnnxExport#OPSET}; {@link io.neurite.onnx.OnnxImport}
 * reads a chain of layers from ONNX back into a {@code Sequential}.
 *
 * <p>Layout: one class per layer type maps it both ways ({@link io.neurite.onnx.LayerExporter} for export,
 * {@link io.neurite.onnx.NodeImporter} for import, e.g. {@code DenseMapping}); {@link io.neurite.onnx.OnnxMappings}
 * lists them. {@link io.neurite.onnx.ExportContext} and {@link io.neurite.onnx.ImportCursor} are what a mapping
 * sees; {@code NormalizerNodes} handles the input normalisation, {@code OnnxTensors} the float32 initializers.
 * The protobuf messages are {@code ai.onnx.proto.OnnxMl} from {@code org.tribuo:tribuo-util-onnx}.
 */
package io.neurite.onnx;
