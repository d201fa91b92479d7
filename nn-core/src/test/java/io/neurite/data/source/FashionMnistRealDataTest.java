package io.neurite.data.source;

import io.neurite.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Loads the real Fashion-MNIST from the Debian package's directory; skipped, with the command to install it,
 * where it is absent.
 */
class FashionMnistRealDataTest {
    static final Path SYSTEM = Paths.get("/usr/share/datasets/fashion-mnist");

    private static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isDirectory(SYSTEM), "Fashion-MNIST is not installed in " + SYSTEM
                + "; install it with: apt-get install -y " + FashionMnist.DEBIAN_PACKAGE);
    }

    @Test
    void loadsTheRealDataSet() throws IOException {
        assumeInstalled();
        FashionMnist data = FashionMnist.load(SYSTEM);
        check(data.train(), FashionMnist.TRAIN_SIZE);
        check(data.test(), FashionMnist.TEST_SIZE);
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
        int[] train = new int[10];
        int[] test = new int[10];
        Arrays.fill(train, 6000);
        Arrays.fill(test, 1000);
        assertArrayEquals(train, data.train().classCounts());
        assertArrayEquals(test, data.test().classCounts());
    }

    private static void check(Dataset d, int size) {
        assertEquals(size, d.size());
        assertEquals(Shape.of(1, 28, 28), d.sampleShape());
        assertEquals(784, d.numFeatures());
        assertEquals(10, d.numClasses());
        double sum = 0;
        float max = 0;
        for (int i = 0; i < d.size(); i++) {
            for (float v : d.features(i)) {
                sum += v;
                max = Math.max(max, v);
            }
        }
        double mean = sum / ((double) size * 784);
        // The published mean pixel is 0.286 of full scale (72.9 of 255) on both sets.
        assertTrue(mean > 70 && mean < 76, "mean pixel " + mean);
        assertEquals(255f, max);
    }

    @Test
    void theSearchFindsThePackageAndItsContentMatchesThePublishedData() throws IOException {
        assumeInstalled();
        Path emptyHome = Files.createTempDirectory("neurite-home");
        try {
            DatasetLocator.LocatedFiles found = FashionMnist.locator().environment(k -> null).userHome(emptyHome)
                    .downloader(url -> {
                        throw new AssertionError("no download needed: " + url);
                    }).build().locate();
            assertEquals(SYSTEM, found.directory());
            assertEquals("the package dataset-fashion-mnist", found.origin());
            for (RemoteFile f : FashionMnist.FILES) {
                assertEquals(f.contentSha256(), VerifiedDownload.contentSha256(found.path(f)), f.fileName());
            }
        } finally {
            Files.deleteIfExists(emptyHome);
        }
    }

    @Test
    void aDownloadOfThePackagedFilesIsAcceptedByItsContentHash() throws IOException {
        assumeInstalled();
        // The package's gzip files differ from the official ones byte for byte but not in content: a "server"
        // sending them exercises the content-hash path of the verified download with real data.
        Path home = Files.createTempDirectory("neurite-home");
        try {
            DatasetLocator locator = FashionMnist.locator().environment(k -> null).userHome(home)
                    .systemDirectory(null)
                    .downloader(url -> Files.newInputStream(SYSTEM.resolve(Paths.get(url.getPath()).getFileName())))
                    .build();
            FashionMnist data = FashionMnist.load(locator);
            assertEquals("a download into the cache", data.source().origin());
            assertEquals(FashionMnist.TEST_SIZE, data.test().size());
        } finally {
            DatasetLocatorTest.deleteTree(home);
        }
    }
}
