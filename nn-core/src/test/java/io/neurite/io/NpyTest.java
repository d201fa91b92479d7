package io.neurite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The .npy codec against files written by NumPy itself (2.x, {@code numpy.save}) and against its spec. */
class NpyTest {
    /** {@code numpy.save(f, (numpy.arange(6, dtype='<f4').reshape(2, 3) - 2.5) / 4)}. */
    private static final String NUMPY_2X3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYX"
            + "BlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAACC/AA"
            + "DAvgAAAL4AAAA+AADAPgAAID8=";
    /** {@code numpy.save(f, numpy.arange(3, dtype='<f8'))}. */
    private static final String NUMPY_FLOAT64 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3"
            + "NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA"
            + "AAAAAAAAAAAAAAPA/AAAAAAAAAEA=";
    /** {@code numpy.save(f, numpy.asfortranarray(numpy.arange(6, dtype='<f4').reshape(2, 3)))}. */
    private static final String NUMPY_FORTRAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2"
            + "hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAA"
            + "ABAQAAAgD8AAIBAAAAAQAAAoEA=";

    @Test
    void readsWhatNumpyWrites() {
        Npy.Array a = Npy.decode(Base64.getDecoder().decode(NUMPY_2X3));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {-0.625f, -0.375f, -0.125f, 0.125f, 0.375f, 0.625f}, a.data());
    }

    @Test
    void writesVersion1LittleEndianFloat32COrderAlignedTo64() {
        float[] data = {-0.625f, -0.375f, -0.125f, 0.125f, 0.375f, 0.625f};
        byte[] bytes = Npy.encode(data, new int[] {2, 3});
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "the data must start at a multiple of 64");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"), "the header ends with a newline");
        // The data section is byte for byte NumPy's.
        byte[] numpy = Base64.getDecoder().decode(NUMPY_2X3);
        assertArrayEquals(Arrays.copyOfRange(numpy, numpy.length - 24, numpy.length),
                Arrays.copyOfRange(bytes, bytes.length - 24, bytes.length));
        Npy.Array back = Npy.decode(bytes);
        assertArrayEquals(new int[] {2, 3}, back.shape());
        assertArrayEquals(data, back.data());
    }

    @Test
    void pythonTupleSyntaxForEveryRank() {
        assertTrue(header(new int[] {10}).contains("'shape': (10,), }"));
        assertTrue(header(new int[] {784, 256}).contains("'shape': (784, 256), }"));
        assertTrue(header(new int[] {2, 3, 4, 5}).contains("'shape': (2, 3, 4, 5), }"));
        assertArrayEquals(new int[] {10}, Npy.decode(Npy.encode(new float[10], new int[] {10})).shape());
    }

    @Test
    void specialValuesRoundTripBitForBit() {
        float[] data = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE,
                Float.MAX_VALUE, 1e-40f};
        float[] back = Npy.decode(Npy.encode(data, new int[] {data.length})).data();
        for (int i = 0; i < data.length; i++) {
            assertEquals(Float.floatToRawIntBits(data[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    @Test
    void refusesOtherDtypesFortranOrderAndBadLengths() {
        IllegalArgumentException f64 = assertThrows(IllegalArgumentException.class,
                () -> Npy.decode(Base64.getDecoder().decode(NUMPY_FLOAT64)));
        assertTrue(f64.getMessage().contains("'<f8'") && f64.getMessage().contains("astype"), f64.getMessage());
        IllegalArgumentException fortran = assertThrows(IllegalArgumentException.class,
                () -> Npy.decode(Base64.getDecoder().decode(NUMPY_FORTRAN)));
        assertTrue(fortran.getMessage().contains("Fortran"), fortran.getMessage());

        byte[] ok = Npy.encode(new float[6], new int[] {2, 3});
        IllegalArgumentException shortData = assertThrows(IllegalArgumentException.class,
                () -> Npy.decode(Arrays.copyOf(ok, ok.length - 1)));
        assertTrue(shortData.getMessage().contains("23 bytes") && shortData.getMessage().contains("needs 24"),
                shortData.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.decode(Arrays.copyOf(ok, ok.length + 4)));
        assertThrows(IllegalArgumentException.class, () -> Npy.decode("not an array".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Npy.encode(new float[5], new int[] {2, 3}));
    }

    @Test
    void refusesMalformedHeaders() {
        for (String h : new String[] {
                "{'descr': '<f4', 'fortran_order': False}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}",
                "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,)}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} trailing",
                "{'descr: '<f4'}",
                "[1, 2]"}) {
            assertThrows(IllegalArgumentException.class, () -> Npy.parseHeader(h), h);
        }
        assertArrayEquals(new int[] {2, 3}, Npy.parseHeader("{\"descr\": '<f4', 'shape': (2,3), 'fortran_order': False}"));
    }

    private static String header(int[] shape) {
        byte[] h = Npy.header(shape);
        return new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
    }
}
