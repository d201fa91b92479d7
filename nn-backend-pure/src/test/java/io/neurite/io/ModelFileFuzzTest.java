package io.neurite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.neurite.discovery.Backends;
import io.neurite.fuzz.AllocationBudget;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes {@link ModelFile#read}, the public way in to the model-file reader: for any input it returns a
 * {@link SavedModel} whose model predicts, or throws a {@link ModelFileException} naming the file, and never
 * anything else; and it allocates no more than the input justifies, whatever the description claims.
 * <ul>
 *   <li>{@link #anyFile} gets the raw bytes of the file, so it explores the zip container;</li>
 *   <li>{@link #anyDescription} gets the text of {@code model.json}, zipped with the arrays of a committed
 *       valid file ({@code ModelFileFuzzTest-base.zip}), so it gets past the checksums and explores the
 *       schema and the assembly of the model.</li>
 * </ul>
 * {@code mvn verify} runs both in regression mode on the committed inputs under
 * {@code src/test/resources/io/neurite/io/ModelFileFuzzTestInputs} ({@link ModelFileFuzzSeeds} wrote the
 * seeds; every crash found is there too); docs/fuzzing.md has the command that fuzzes them.
 */
class ModelFileFuzzTest {
    /** Deflate's best ratio is about 1:1032; a Tensor on top of each array doubles it. */
    private static final long BYTES_PER_INPUT_BYTE = 4 * 1100;
    /** What loading (and, when fuzzing, instrumenting) the classes of a new path may allocate. */
    private static final long SLACK = 64L << 20;

    private static final Backend BACKEND = Backends.get("pure");
    private static Path file;
    /** The entries of the base file other than model.json, in order. */
    private static Map<String, byte[]> baseArrays;

    @BeforeAll
    static void setUp() throws IOException {
        file = Files.createTempFile("neurite-model-fuzz", ".zip");
        baseArrays = new LinkedHashMap<>();
        byte[] base;
        try (InputStream raw = ModelFileFuzzTest.class.getResourceAsStream("ModelFileFuzzTest-base.zip")) {
            base = raw.readAllBytes();
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(base))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.getName().equals(ModelFile.DESCRIPTION_ENTRY)) {
                    baseArrays.put(e.getName(), zip.readAllBytes());
                }
            }
        }
        // Load (and, when fuzzing, instrument) the classes of the reader, the layers and the backend's kernels
        // before any budget counts: that first-time cost says nothing about an input.
        Files.write(file, base);
        ModelFile.read(file, BACKEND).model().predict(BACKEND.zeros(2, 6));
        Files.write(file, Arrays.copyOf(base, base.length / 2));
        try {
            ModelFile.read(file, BACKEND);
        } catch (ModelFileException expected) {
            // the damaged-file path is warm too
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "10m")
    void anyFile(byte[] input) throws IOException {
        Files.write(file, input);
        readAndCheck(input.length);
    }

    @FuzzTest(maxDuration = "10m")
    void anyDescription(byte[] json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(ModelFile.DESCRIPTION_ENTRY));
            zip.write(json);
            for (Map.Entry<String, byte[]> e : baseArrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
        Files.write(file, bytes.toByteArray());
        readAndCheck(json.length + 4096);
    }

    private static void readAndCheck(int inputLength) {
        AllocationBudget budget = AllocationBudget.start(SLACK + BYTES_PER_INPUT_BYTE * inputLength);
        try {
            SavedModel saved = ModelFile.read(file, BACKEND);
            // A valid object: the model it returns can predict a batch of its declared input shape.
            Sequential model = saved.model();
            Shape in = model.inputShape();
            int[] batchDims = new int[in.rank() + 1];
            batchDims[0] = 2;
            System.arraycopy(in.dims(), 0, batchDims, 1, in.rank());
            Tensor out = model.predict(BACKEND.zeros(Shape.of(batchDims)));
            assertEquals(2, out.shape().dim(0), "prediction rows");
            assertEquals(model.outputShape().size() * 2, out.size(), "prediction size");
        } catch (ModelFileException expected) {
            assertEquals(file, expected.file(), "the exception names the file");
            assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
        }
        budget.check("ModelFile.read of a " + inputLength + "-byte input");
    }
}
