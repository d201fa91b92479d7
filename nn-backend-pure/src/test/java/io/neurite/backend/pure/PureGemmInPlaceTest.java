package io.neurite.backend.pure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * When the packed gemm reads A's rows in place: only where the rows the micro-kernel streams at once start in
 * distinct L1 sets. (That the in-place path computes the right product is the gemm conformance kit's job: its
 * sizes 3 and 17 run in place with alpha = 1, 129 and other alphas packed.)
 */
class PureGemmInPlaceTest {

    @Test
    void rowsWhoseStrideIsAMultipleOfFourKilobytesAlias() {
        assertTrue(Gemm.rowsAlias(1024, 12), "n = 1024: every row in the same set");
        assertTrue(Gemm.rowsAlias(2048, 2));
    }

    @Test
    void rowsAFewSetsApartAliasOnceTheyWrapAround() {
        assertTrue(Gemm.rowsAlias(256, 12), "1 KiB apart: only 4 distinct sets for 12 rows");
        assertFalse(Gemm.rowsAlias(256, 4), "4 rows 1 KiB apart fit in 4 sets");
        assertTrue(Gemm.rowsAlias(128, 12), "512 B apart: 8 sets for 12 rows");
    }

    @Test
    void oddStridesSpreadOverTheSets() {
        assertFalse(Gemm.rowsAlias(784, 12), "Fashion-MNIST's 784 pixels: 49 lines apart");
        assertFalse(Gemm.rowsAlias(1000, 12));
        assertTrue(Gemm.rowsAlias(129, 12), "516 B apart: rows 8 apart are 4128 B apart, in the same set");
        assertFalse(Gemm.rowsAlias(17, 12));
    }
}
