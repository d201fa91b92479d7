package io.neurite.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurite.fuzz.AllocationBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@link IdxReader#read}: for any bytes, it returns consistent {@link IdxData} or throws an
 * {@link IdxFormatException} naming the file, and never anything else; and it allocates no more than the input
 * justifies (gzip expands at most about 1,032 times), whatever the header claims.
 *
 * <p>{@code mvn verify} runs it in regression mode on the committed inputs under
 * {@code src/test/resources/io/neurite/data/source/IdxReaderFuzzTestInputs} (seeds and every crash ever found);
 * docs/fuzzing.md has the command that fuzzes it.
 */
class IdxReaderFuzzTest {
    /** Gzip's best ratio is about 1:1032; the reader may hold two copies while its array grows. */
    private static final long BYTES_PER_INPUT_BYTE = 4 * 1100;
    /**
     * What loading (and, when fuzzing, instrumenting) a class on a new path may allocate. Far below the
     * gigabytes a trusted header would cost, which is what the budget is there to catch.
     */
    private static final long SLACK = 64L << 20;

    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("neurite-idx-fuzz", ".idx");
        // Load (and, when fuzzing, instrument) the reader's classes before any budget counts.
        Files.write(file, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 9});
        IdxReader.read(file);
        Files.write(file, new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 7, 9});
        try {
            IdxReader.read(file);
        } catch (IdxFormatException expected) {
            // the error path is warm too
        }
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "10m")
    void readReturnsConsistentDataOrIdxFormatException(byte[] input) throws IOException {
        Files.write(file, input);
        AllocationBudget budget = AllocationBudget.start(SLACK + BYTES_PER_INPUT_BYTE * input.length);
        try {
            IdxData data = IdxReader.read(file);
            long elements = 1;
            for (int d : data.dims()) {
                assertTrue(d >= 1, "dimension " + d);
                elements *= d;
            }
            assertEquals(elements, data.size(), "elements against the dimensions");
            assertEquals(data.dims()[0], data.count());
        } catch (IdxFormatException expected) {
            assertEquals(file, expected.file(), "the exception names the file");
            assertTrue(expected.getMessage().startsWith("IDX file " + file + ": "), expected.getMessage());
        }
        budget.check("IdxReader.read of " + input.length + " bytes");
    }
}
