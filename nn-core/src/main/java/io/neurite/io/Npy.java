package io.neurite.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The NumPy {@code .npy} format for float32 arrays, as specified in
 * <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>.
 *
 * <p>Written: version 1.0, {@code descr '<f4'} (little-endian float32), C order, with the header padded with
 * spaces and a newline so that the data starts at a multiple of 64 bytes, exactly as {@code numpy.save} does.
 * Read: versions 1.0, 2.0 and 3.0 with the same dtype and order; any other dtype, Fortran order, a malformed
 * header or a data length that does not match the shape is an {@link IllegalArgumentException} saying what is
 * wrong. The parser accepts only the header dictionary NumPy writes (three keys, Python literals), not
 * arbitrary Python.
 */
final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    private Npy() {
    }

    /** A decoded array: its shape (possibly empty, for a NumPy scalar) and its values in C order. */
    record Array(int[] shape, float[] data) {
    }

    /** The bytes of a version-1.0 {@code .npy} file holding {@code data} (C order) with {@code shape}. */
    static byte[] encode(float[] data, int[] shape) {
        long n = elements(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("npy: shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + data.length + " were given");
        }
        byte[] header = header(shape);
        ByteBuffer buf = ByteBuffer.allocate(header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(header);
        buf.asFloatBuffer().put(data);
        return buf.array();
    }

    /** Magic, version 1.0, header length and the padded header dictionary. */
    static byte[] header(int[] shape) {
        // Python's tuple syntax: (), (10,), (2, 3).
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i > 0 ? ", " : "").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ")
                .append(tuple).append(", }");
        int prefix = MAGIC.length + 2 + 2;
        // Pad with spaces so that prefix + dict + '\n' is a multiple of 64 (numpy >= 1.13 aligns to 64).
        int total = prefix + dict.length() + 1;
        int padded = (total + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        dict.append(" ".repeat(padded - total)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("npy: shape " + Arrays.toString(shape) + " needs a header longer than"
                    + " format version 1.0 allows");
        }
        ByteBuffer buf = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return buf.array();
    }

    /** Decodes a whole {@code .npy} file; fails with the reason if it is not a C-order float32 array. */
    static Array decode(byte[] bytes) {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a NumPy .npy array (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IllegalArgumentException("npy header is cut short");
            }
            headerLength = buf.getInt(8) & 0xFFFF_FFFFL;
            headerStart = 12;
        } else {
            throw new IllegalArgumentException("npy format version " + major + "." + minor
                    + " is not supported (only 1.x, 2.x and 3.x)");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new IllegalArgumentException("npy header claims " + headerLength + " bytes but the entry has only "
                    + (bytes.length - headerStart) + " after the prefix");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int[] shape = parseHeader(header.strip());
        long n = elements(shape);
        int dataStart = headerStart + (int) headerLength;
        long expected = 4 * n;
        if (bytes.length - dataStart != expected) {
            throw new IllegalArgumentException("npy data is " + (bytes.length - dataStart) + " bytes but shape "
                    + Arrays.toString(shape) + " of float32 needs " + expected);
        }
        float[] data = new float[(int) n];
        buf.position(dataStart);
        buf.asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    /** Parses {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} and returns the shape. */
    static int[] parseHeader(String header) {
        HeaderParser p = new HeaderParser(header);
        String descr = null;
        Boolean fortran = null;
        int[] shape = null;
        p.expect('{');
        while (!p.peek('}')) {
            String key = p.string();
            p.expect(':');
            switch (key) {
                case "descr" -> descr = p.string();
                case "fortran_order" -> fortran = p.bool();
                case "shape" -> shape = p.tuple();
                default -> throw new IllegalArgumentException("npy header has an unknown key '" + key + "': " + header);
            }
            if (!p.peek('}')) {
                p.expect(',');
            }
        }
        p.expect('}');
        p.end();
        if (descr == null || fortran == null || shape == null) {
            throw new IllegalArgumentException("npy header lacks 'descr', 'fortran_order' or 'shape': " + header);
        }
        if (!descr.equals("<f4")) {
            throw new IllegalArgumentException("npy dtype is '" + descr + "' but Neurite stores float32 ('<f4');"
                    + " convert with array.astype('<f4')");
        }
        if (fortran) {
            throw new IllegalArgumentException("npy array is in Fortran order; save a C-order array"
                    + " (numpy.ascontiguousarray)");
        }
        return shape;
    }

    /** Number of elements of {@code shape}; fails on a negative dimension or more than fits an array. */
    static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("npy shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("npy shape " + Arrays.toString(shape) + " is too large for one array");
            }
        }
        return n;
    }

    /** A strict scanner for the Python literal subset NumPy writes in headers. */
    private static final class HeaderParser {
        private final String s;
        private int i;

        HeaderParser(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean peek(char c) {
            skipSpace();
            return i < s.length() && s.charAt(i) == c;
        }

        void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        void end() {
            skipSpace();
            if (i != s.length()) {
                throw error("unexpected text after the dictionary");
            }
        }

        String string() {
            skipSpace();
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = s.charAt(i++);
            int start = i;
            while (i < s.length() && s.charAt(i) != quote) {
                i++;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            return s.substring(start, i++);
        }

        boolean bool() {
            skipSpace();
            if (s.startsWith("True", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return false;
            }
            throw error("expected True or False");
        }

        int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (!peek(')')) {
                skipSpace();
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (start == i || i - start > 10) {
                    throw error("expected a dimension");
                }
                long d = Long.parseLong(s.substring(start, i));
                if (d > Integer.MAX_VALUE) {
                    throw error("dimension " + d + " is too large");
                }
                dims.add((int) d);
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("npy header is malformed at character " + i + " (" + what + "): " + s);
        }
    }
}
