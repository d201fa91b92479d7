package io.neurite.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.neurite.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** float32 arrays to and from ONNX {@code TensorProto}s, with every size and type checked on the way in. */
final class OnnxTensors {
    private OnnxTensors() {
    }

    /** A float32 tensor stored as little-endian {@code raw_data}, as PyTorch and ONNX's own tools write it. */
    static TensorProto floatTensor(String name, long[] dims, float[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** An int64 tensor (shapes, for Reshape) stored as little-endian {@code raw_data}. */
    static TensorProto int64Tensor(String name, long[] dims, long[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber()).setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** The values of a one-dimensional int64 tensor (a shape), from {@code int64_data} or {@code raw_data}. */
    static long[] longs(TensorProto t, String what) throws InvalidTensorException {
        if (t.getDataType() != TensorProto.DataType.INT64.getNumber()) {
            throw new InvalidTensorException(what + " is " + typeName(t.getDataType()) + " but a shape is int64");
        }
        if (t.getDimsCount() != 1 || t.getDims(0) < 0 || t.getDims(0) > 8) {
            throw new InvalidTensorException(what + " has shape " + t.getDimsList() + "; a shape is a short vector");
        }
        int count = (int) t.getDims(0);
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != count * Long.BYTES || t.getInt64DataCount() != 0) {
                throw new InvalidTensorException(what + " has shape " + t.getDimsList() + " (" + count * Long.BYTES
                        + " bytes) but stores " + t.getRawData().size() + " bytes; the file is damaged");
            }
            long[] out = new long[count];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }
        if (t.getInt64DataCount() != count) {
            throw new InvalidTensorException(what + " has shape " + t.getDimsList() + " but stores "
                    + t.getInt64DataCount() + " values; the file is damaged");
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    static long[] dims(Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.dim(i);
        }
        return dims;
    }

    /**
     * The values of a float32 tensor, from {@code float_data} or {@code raw_data}; fails, naming the tensor
     * ({@code what}), for another data type, external data, negative dimensions or a stored size that does not
     * match the shape.
     */
    static float[] floats(TensorProto t, String what) throws InvalidTensorException {
        if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new InvalidTensorException(what + " is " + typeName(t.getDataType())
                    + "; Neurite's tensors are float32, so convert it to float32 before exporting");
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new InvalidTensorException(what + " keeps its values in an external file; save the model with"
                    + " its weights inside the .onnx file (onnx.save(model, path, save_as_external_data=False))");
        }
        long count = elementCount(t, what);
        if (count > Integer.MAX_VALUE - 8) {
            throw new InvalidTensorException(what + " has shape " + t.getDimsList() + ", "
                    + (count == Long.MAX_VALUE ? "more than 2^63" : count) + " values: more than a Java array holds");
        }
        if (!t.getRawData().isEmpty()) {
            long bytes = t.getRawData().size();
            if (bytes != count * Float.BYTES || t.getFloatDataCount() != 0) {
                throw new InvalidTensorException(what + " has shape " + t.getDimsList() + " (" + count
                        + " float32 values, " + count * Float.BYTES + " bytes) but stores " + bytes
                        + " bytes; the file is damaged or was written wrongly");
            }
            float[] out = new float[(int) count];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        if (t.getFloatDataCount() != count) {
            throw new InvalidTensorException(what + " has shape " + t.getDimsList() + " (" + count
                    + " values) but stores " + t.getFloatDataCount() + " values; the file is damaged or was written"
                    + " wrongly");
        }
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    /**
     * The number of values {@code t}'s shape claims, or {@link Long#MAX_VALUE} for more than a long counts (a
     * shape such as [2^40, 2^40] must fail as too large, not overflow); fails for a negative dimension.
     */
    static long elementCount(TensorProto t, String what) throws InvalidTensorException {
        long count = 1;
        boolean empty = false;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw new InvalidTensorException(what + " has a negative dimension in its shape " + t.getDimsList());
            }
            if (d == 0) {
                empty = true;
            } else {
                count = count > Long.MAX_VALUE / d ? Long.MAX_VALUE : count * d;
            }
        }
        return empty ? 0 : count;
    }

    /** ONNX's data type number as people say it: float32, float64, int64, ... */
    static String typeName(int dataType) {
        TensorProto.DataType type = TensorProto.DataType.forNumber(dataType);
        if (type == null) {
            return "of unknown data type " + dataType;
        }
        switch (type) {
            case FLOAT:
                return "float32";
            case DOUBLE:
                return "float64";
            default:
                return type.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static String dimsText(TensorProto t) {
        return Arrays.toString(t.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }

    /** A tensor that is not usable; the importer adds the file and the node. */
    static final class InvalidTensorException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidTensorException(String message) {
            super(message);
        }
    }
}
