package io.neurite.data.source;

import io.neurite.data.Dataset;
import io.neurite.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (<a href="http://yann.lecun.com/exdb/mnist/">LeCun
 * et al.</a>): a big-endian magic number {@code 0x00 0x00 TYPE RANK}, {@code RANK} big-endian 32-bit
 * dimensions, then the elements in row-major order.
 *
 * <p>Files may be gzipped or raw; gzip is recognised by its magic bytes {@code 1f 8b}, never by the file
 * name. Only element type {@code 0x08} (unsigned byte) is supported. Everything is checked before it is
 * trusted: the magic number, the type, the rank, every dimension, and the length of the data against the
 * dimensions the header declares (a truncated file and trailing bytes are both errors). Every failure is an
 * {@link IdxFormatException} naming the file, what was expected, what was found and how to fix it.
 *
 * <p>Stateless and thread-safe.
 */
public final class IdxReader {
    /** The IDX element type this reader supports: unsigned byte. */
    public static final int TYPE_UNSIGNED_BYTE = 0x08;

    /** Largest rank accepted: the item count plus up to three item dimensions (a tensor has rank ≤ 4). */
    public static final int MAX_RANK = 4;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Reads and checks any unsigned-byte IDX file, gzipped or raw. */
    public static IdxData read(Path file) throws IOException {
        return decode(file, false, new BytePayload());
    }

    /**
     * Reads, checks and decodes the data of {@code file} into {@code payload}: opens it (gunzipping when it starts
     * with the gzip magic), checks the header (and, if {@code images}, that it is an image file), the declared
     * size and the length of the data, and returns what {@code payload} made of the elements.
     */
    private static <T> T decode(Path file, boolean images, Payload<T> payload) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, Files.exists(file)
                    ? "is a directory, not an IDX file" : "does not exist; check the path");
        }
        boolean gzipped = isGzip(file);
        long fileLength = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(gzipped ? new GZIPInputStream(raw, BUFFER) : raw, BUFFER)) {
            DataInputStream data = new DataInputStream(in);
            int[] dims = readHeader(file, data, gzipped, fileLength);
            if (images) {
                requireImageRank(file, dims);
            }
            long declared = product(dims);
            if (declared < 0 || declared > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file, "its dimensions " + Arrays.toString(dims) + " declare more"
                        + " elements than a Java array can hold (2^31 - 9); the header is corrupt or the file"
                        + " is too large for Neurite");
            }
            long headerBytes = 4L + 4L * dims.length;
            if (!gzipped) {
                // A raw file's length is known up front: compare before allocating anything.
                checkRawLength(file, dims, headerBytes, declared, fileLength);
            }
            int arrived = payload.readFrom(data, (int) declared, fileLength);
            if (arrived < declared) {
                throw truncated(file, dims, headerBytes, declared, headerBytes + arrived, gzipped);
            }
            if (gzipped) {
                long trailing = in.transferTo(OutputStream.nullOutputStream());
                if (trailing > 0) {
                    throw trailing(file, dims, headerBytes, declared, trailing, true);
                }
            }
            return payload.result(file, dims);
        } catch (EOFException e) {
            // GZIPInputStream reports a stream cut short as "Unexpected end of ZLIB input stream".
            throw new IdxFormatException(file, "the gzip stream ends early (" + e.getMessage() + "): the file is"
                    + " truncated, probably by an interrupted download or copy; delete it and download it again", e);
        } catch (ZipException e) {
            throw new IdxFormatException(file, "the gzip data is corrupt (" + e.getMessage() + "); delete the file"
                    + " and download it again", e);
        }
    }

    /**
     * Reads an image file: rank 2 to {@value #MAX_RANK}, the first dimension being the number of images
     * (e.g. {@code [60000, 28, 28]}).
     */
    public static IdxData readImages(Path file) throws IOException {
        return decode(file, true, new BytePayload());
    }

    /**
     * Reads a labels file (rank 1) and checks every label is in {@code 0 .. numClasses-1}.
     *
     * @param numClasses the number of classes, 1 to 256
     */
    public static int[] readLabels(Path file, int numClasses) throws IOException {
        if (numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException("readLabels: numClasses must be 1..256 for unsigned-byte labels but was "
                    + numClasses);
        }
        int[] labels = labelsOf(read(file));
        int bad = 0;
        int firstBad = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                if (firstBad < 0) {
                    firstBad = i;
                }
                bad++;
            }
        }
        if (bad > 0) {
            throw new IdxFormatException(file, "label " + labels[firstBad] + " at position " + firstBad
                    + (bad > 1 ? " (and " + (bad - 1) + " more)" : "") + " is outside 0.." + (numClasses - 1)
                    + " for " + numClasses + " classes; the file is corrupt or belongs to a data set with more"
                    + " classes (check the file, or the number of classes you asked for)");
        }
        return labels;
    }

    /** Reads a labels file (rank 1) without a range check; the caller decides the number of classes. */
    public static int[] readLabels(Path file) throws IOException {
        return labelsOf(read(file));
    }

    /**
     * Reads an images file and its labels file into a {@link Dataset} with raw pixel values 0..255 (normalise
     * with {@link io.neurite.data.Normalizer}).
     */
    public static Dataset readDataset(Path images, Path labels, int numClasses) throws IOException {
        ImageFloats x = decode(images, true, new FloatPayload());
        int[] y = readLabels(labels, numClasses);
        return toDataset(x, y, labels, numClasses);
    }

    /**
     * As {@link #readDataset(Path, Path, int)} with the number of classes taken as the largest label plus one.
     * For a test set, prefer passing the training set's number of classes: a test set may lack the last class.
     */
    public static Dataset readDataset(Path images, Path labels) throws IOException {
        ImageFloats x = decode(images, true, new FloatPayload());
        int[] y = readLabels(labels);
        int max = 0;
        for (int label : y) {
            max = Math.max(max, label);
        }
        return toDataset(x, y, labels, max + 1);
    }

    /** Whether the file starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Dataset toDataset(ImageFloats x, int[] y, Path labels, int numClasses) throws IdxFormatException {
        int count = x.dims()[0];
        if (count != y.length) {
            throw new IdxFormatException(labels, "it has " + y.length + " labels but the images file " + x.file()
                    + " has " + count + " images; the two files belong to different sets (train vs test?)."
                    + " Pass the labels file that goes with these images");
        }
        Shape sampleShape = Shape.of(Arrays.copyOfRange(x.dims(), 1, x.dims().length));
        return Dataset.wrapping(x.values(), sampleShape, y, numClasses);
    }

    private static void requireImageRank(Path file, int[] dims) throws IdxFormatException {
        if (dims.length < 2) {
            throw new IdxFormatException(file, "expected an image file with dimensions [count, rows, columns] but it"
                    + " has one dimension " + Arrays.toString(dims) + ", which is the layout of a labels file;"
                    + " did you pass the labels file as the images?");
        }
    }

    private static int[] labelsOf(IdxData data) throws IdxFormatException {
        if (data.rank() != 1) {
            throw new IdxFormatException(data.file(), "expected a labels file with one dimension [count] but it has "
                    + data.rank() + " dimensions " + Arrays.toString(data.dims())
                    + "; is this an image file passed as labels?");
        }
        return data.toIntArray();
    }

    private static int[] readHeader(Path file, DataInputStream in, boolean gzipped, long fileLength)
            throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException(file, "it is only " + magic.length + " bytes long" + (gzipped
                    ? " after decompression" : "") + "; an IDX file starts with a 4-byte magic number and its"
                    + " dimensions. The file is empty or truncated: download it again");
        }
        int b0 = magic[0] & 0xFF;
        int b1 = magic[1] & 0xFF;
        int type = magic[2] & 0xFF;
        int rank = magic[3] & 0xFF;
        if (b0 != 0 || b1 != 0) {
            throw new IdxFormatException(file, String.format("bad magic number 0x%02X%02X%02X%02X; expected"
                    + " 0x000008NN (two zero bytes, type 0x08 = unsigned byte, then the number of dimensions)."
                    + " This is not an IDX file%s; check that you passed the right file, or download it again",
                    b0, b1, type, rank, guess(magic, gzipped)));
        }
        if (type != TYPE_UNSIGNED_BYTE) {
            throw new IdxFormatException(file, String.format("element type 0x%02X (%s) is not supported; Neurite"
                    + " reads unsigned-byte IDX files (type 0x08), as MNIST and Fashion-MNIST are; convert the file"
                    + " to unsigned bytes", type, typeName(type)));
        }
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException(file, "it declares " + rank + " dimensions; expected 1 (labels) or 2 to "
                    + MAX_RANK + " (images: count, rows, columns); the header is corrupt");
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(file, "the header declares " + rank + " dimensions but the file ends"
                        + " after " + i + " of them (" + (gzipped ? "decompressed length " : "length ")
                        + (4 + 4 * i) + " bytes" + (gzipped ? "" : " of " + fileLength) + "); it is truncated:"
                        + " download it again");
            }
        }
        for (int i = 0; i < rank; i++) {
            if (dims[i] < 1) {
                throw new IdxFormatException(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + " in " + Arrays.toString(dims) + "; every dimension must be between 1 and 2^31-1"
                        + (i == 0 && dims[i] == 0 ? " (the file holds no items)" : "")
                        + "; the header is corrupt: download the file again");
            }
        }
        return dims;
    }

    private static void checkRawLength(Path file, int[] dims, long headerBytes, long declared, long fileLength)
            throws IdxFormatException {
        long expected = headerBytes + declared;
        if (fileLength < expected) {
            throw truncated(file, dims, headerBytes, declared, fileLength, false);
        }
        if (fileLength > expected) {
            throw trailing(file, dims, headerBytes, declared, fileLength - expected, false);
        }
    }

    private static IdxFormatException truncated(Path file, int[] dims, long headerBytes, long declared, long found,
            boolean gzipped) {
        return new IdxFormatException(file, "its header declares " + Arrays.toString(dims) + " = " + declared
                + " data bytes, so " + (headerBytes + declared) + " bytes in all" + (gzipped ? " after decompression"
                : "") + ", but it has only " + found + "; the file is truncated (an interrupted download or copy?):"
                + " download it again");
    }

    private static IdxFormatException trailing(Path file, int[] dims, long headerBytes, long declared, long extra,
            boolean gzipped) {
        return new IdxFormatException(file, "its header declares " + Arrays.toString(dims) + " = " + declared
                + " data bytes, so " + (headerBytes + declared) + " bytes in all" + (gzipped ? " after decompression"
                : "") + ", but " + extra + " more bytes follow; the header and the data disagree, so the file is"
                + " corrupt or not what its header claims: download it again");
    }

    private static String guess(byte[] magic, boolean gzipped) {
        if (magic[0] == 'P' && magic[1] == 'K') {
            return " (it looks like a zip archive: extract it first)";
        }
        if (magic[0] == '<' || (magic[0] == '\n' && magic[1] == '<')) {
            return " (it looks like an HTML or XML page, e.g. an error page saved by a failed download)";
        }
        if ((magic[0] & 0xFF) == GZIP_MAGIC_0 && (magic[1] & 0xFF) == GZIP_MAGIC_1 && gzipped) {
            return " (it is gzipped twice: decompress it once with gunzip)";
        }
        if (magic[0] == '%' && magic[1] == 'P') {
            return " (it looks like a PDF)";
        }
        return "";
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x09:
                return "signed byte";
            case 0x0B:
                return "16-bit integer";
            case 0x0C:
                return "32-bit integer";
            case 0x0D:
                return "32-bit float";
            case 0x0E:
                return "64-bit float";
            default:
                return "not an IDX type";
        }
    }

    /**
     * The size to allocate first for {@code n} declared elements: what the file's length makes plausible (8 times
     * it, for gzip), so that a corrupt or hostile gzipped header that claims 2^31 items costs no more memory than
     * the stream really holds; the array doubles as data arrives.
     */
    private static int initialCapacity(int n, long fileLength) {
        return (int) Math.min(n, Math.max(1 << 16, 8 * fileLength));
    }

    /** What the data bytes of a file become. */
    private interface Payload<T> {
        /** Reads up to {@code n} elements from {@code in}; returns how many arrived (fewer: the stream ended). */
        int readFrom(InputStream in, int n, long fileLength) throws IOException;

        /** The result, once all {@code dims} elements have arrived. */
        T result(Path file, int[] dims);
    }

    /** The bytes themselves, for {@link IdxData}. */
    private static final class BytePayload implements Payload<IdxData> {
        private byte[] bytes;

        @Override
        public int readFrom(InputStream in, int n, long fileLength) throws IOException {
            byte[] buffer = new byte[initialCapacity(n, fileLength)];
            int filled = 0;
            while (true) {
                filled += in.readNBytes(buffer, filled, buffer.length - filled);
                if (filled < buffer.length || filled == n) {
                    bytes = buffer; // the stream ended early (the caller reports it) or all n arrived
                    return filled;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(n, 2L * buffer.length));
            }
        }

        @Override
        public IdxData result(Path file, int[] dims) {
            return new IdxData(file, dims, bytes);
        }
    }

    /** An image file's dimensions and its elements as floats 0..255. */
    private record ImageFloats(Path file, int[] dims, float[] values) {
    }

    /**
     * The elements converted to floats 0..255 chunk by chunk as they are decompressed, straight into the one
     * array the {@link Dataset} keeps: no byte array of the whole file, and no second pass over it (about
     * 0.1 s and 47 MB less for Fashion-MNIST's training images).
     */
    private static final class FloatPayload implements Payload<ImageFloats> {
        private static final int CHUNK = 1 << 16;
        private float[] values;

        @Override
        public int readFrom(InputStream in, int n, long fileLength) throws IOException {
            float[] out = new float[initialCapacity(n, fileLength)];
            byte[] chunk = new byte[Math.min(CHUNK, n)];
            int filled = 0;
            while (filled < n) {
                int wanted = Math.min(chunk.length, n - filled);
                int got = in.readNBytes(chunk, 0, wanted);
                if (filled + got > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
                }
                widen(chunk, got, out, filled);
                filled += got;
                if (got < wanted) {
                    break; // the stream ended early: the caller reports it
                }
            }
            values = out;
            return filled;
        }

        /** Called once per chunk rather than one loop over the whole file, so that the JIT compiles it early. */
        private static void widen(byte[] bytes, int n, float[] out, int offset) {
            for (int i = 0; i < n; i++) {
                out[offset + i] = bytes[i] & 0xFF;
            }
        }

        @Override
        public ImageFloats result(Path file, int[] dims) {
            return new ImageFloats(file, dims, values);
        }
    }

    /** The product of the dimensions, or -1 once it passes {@code Integer.MAX_VALUE} (a long could overflow). */
    private static long product(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return n;
    }
}
