package io.neurite.data.source;

import static io.neurite.data.source.IdxTestFiles.gzip;
import static io.neurite.data.source.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.Shape;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on small synthetic files in the Fashion-MNIST layout (the real files: FashionMnistRealDataTest). */
class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheFourFilesFromADirectory() throws Exception {
        IdxTestFiles.writeFashionMnist(dir, 30, 20);
        FashionMnist data = FashionMnist.load(dir);
        assertEquals(30, data.train().size());
        assertEquals(20, data.test().size());
        assertEquals(Shape.of(1, 28, 28), data.train().sampleShape());
        assertEquals(10, data.train().numClasses());
        assertEquals(10, data.classNames().size());
        assertEquals("T-shirt/top", data.classNames().get(0));
        assertEquals("Ankle boot", data.classNames().get(9));
        assertEquals(dir, data.source().directory());
        assertEquals((1 * 7 + 5) % 256, data.train().features(1)[5], "raw pixel values");
        assertTrue(data.toString().contains("train 30, test 20"), data.toString());
    }

    @Test
    void rejectsImagesOfAnotherSize() {
        IdxTestFiles.writeFashionMnist(dir, 10, 10);
        Path images = write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(IdxTestFiles.images(10, 32, 32)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains("28x28")
                && e.getMessage().contains("[32, 32]"), e.getMessage());
    }

    @Test
    void swappedFilesAreNamed() {
        IdxTestFiles.writeFashionMnist(dir, 10, 10);
        Path labels = write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(IdxTestFiles.images(10, 28, 28)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(labels.toString())
                && e.getMessage().contains("image file passed as labels"), e.getMessage());
    }

    @Test
    void aBrokenTestSetFileIsNamed() {
        IdxTestFiles.writeFashionMnist(dir, 10, 10);
        byte[] whole = gzip(IdxTestFiles.images(10, 28, 28));
        Path images = write(dir.resolve("t10k-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void constantsDescribeTheOfficialFiles() {
        assertEquals(4, FashionMnist.FILES.size());
        Set<String> urls = FashionMnist.FILES.stream().map(f -> f.url().toString()).collect(Collectors.toSet());
        assertTrue(urls.contains(FashionMnist.BASE_URL + "train-images-idx3-ubyte.gz"), urls.toString());
        assertEquals(java.util.List.of("t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
                FashionMnist.TEST_LABELS.acceptedNames());
    }
}
