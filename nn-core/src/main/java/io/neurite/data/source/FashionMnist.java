package io.neurite.data.source;

import io.neurite.data.Dataset;
import io.neurite.tensor.Shape;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017, <a href="https://arxiv.org/abs/1708.07747">arXiv:1708.07747</a>):
 * 60,000 training and 10,000 test images of 28×28 grey-scale pixels, 10 classes of clothing.
 *
 * <p>{@link #load()} finds the four files with a {@link DatasetLocator}: an explicit directory, then
 * {@code $NEURITE_DATA}, {@code ~/.neurite/datasets/fashion-mnist}, {@code /usr/share/datasets/fashion-mnist}
 * (Debian's {@code dataset-fashion-mnist}), and finally a verified download from the official server into the
 * cache. The pixel values are raw, 0 to 255; normalise them, for example:
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load();
 * Normalizer toUnit = Normalizer.range(0, 255, data.train().numFeatures());
 * Dataset train = toUnit.apply(data.train());
 * Dataset test = toUnit.apply(data.test());
 * }</pre>
 *
 * <p>Immutable.
 */
public final class FashionMnist {
    /** The official download location (the URLs in the project's README). */
    public static final String BASE_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    /** Name of its directory in the cache, in {@code $NEURITE_DATA} and under {@code /usr/share/datasets}. */
    public static final String DIRECTORY_NAME = "fashion-mnist";
    /** The Debian package that installs it into {@code /usr/share/datasets/fashion-mnist}. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int NUM_CLASSES = 10;
    public static final int IMAGE_ROWS = 28;
    public static final int IMAGE_COLUMNS = 28;
    /** The per-sample shape of {@link #train()} and {@link #test()}: one channel of 28 × 28. */
    public static final Shape IMAGE_SHAPE = Shape.of(1, IMAGE_ROWS, IMAGE_COLUMNS);
    public static final int TRAIN_SIZE = 60_000;
    public static final int TEST_SIZE = 10_000;

    // File SHA-256s: the official files, as published in TensorFlow Datasets' url_checksums/fashion_mnist.txt
    // (the official README publishes MD5s only). Content SHA-256s: of the decompressed files, computed from
    // Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1, whose gzip files are recompressed (24 bytes
    // shorter: no file name in the gzip header) but whose content is the same.
    public static final RemoteFile TRAIN_IMAGES = file("train-images-idx3-ubyte.gz",
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    public static final RemoteFile TRAIN_LABELS = file("train-labels-idx1-ubyte.gz",
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
    public static final RemoteFile TEST_IMAGES = file("t10k-images-idx3-ubyte.gz",
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    public static final RemoteFile TEST_LABELS = file("t10k-labels-idx1-ubyte.gz",
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    /** The four files, in the order train images, train labels, test images, test labels. */
    public static final List<RemoteFile> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private final Dataset train;
    private final Dataset test;
    private final DatasetLocator.LocatedFiles source;

    private FashionMnist(Dataset train, Dataset test, DatasetLocator.LocatedFiles source) {
        this.train = train;
        this.test = test;
        this.source = source;
    }

    /** A locator with the standard search order; change any step before {@code build()}. */
    public static DatasetLocator.Builder locator() {
        return DatasetLocator.builder("Fashion-MNIST", DIRECTORY_NAME, FILES).systemPackage(DEBIAN_PACKAGE);
    }

    /** Finds (or downloads) and reads the data set with the standard search order. */
    public static FashionMnist load() throws IOException {
        return load(locator().build());
    }

    /** Reads the data set from {@code directory}, which must hold the four files; null means: search. */
    public static FashionMnist load(Path directory) throws IOException {
        return load(locator().explicitDirectory(directory).build());
    }

    /** Finds the files with {@code locator} and reads them, checking every file. */
    public static FashionMnist load(DatasetLocator locator) throws IOException {
        DatasetLocator.LocatedFiles files = locator.locate();
        // One set after the other: reading the test set on a second thread raised the job's peak memory by
        // about 95 MiB (both sets' bytes and floats alive at once) for no wall time that showed.
        Dataset train = IdxReader.readDataset(files.path(TRAIN_IMAGES), files.path(TRAIN_LABELS), NUM_CLASSES);
        Dataset test = IdxReader.readDataset(files.path(TEST_IMAGES), files.path(TEST_LABELS), NUM_CLASSES);
        checkShape(files.path(TRAIN_IMAGES), train);
        checkShape(files.path(TEST_IMAGES), test);
        // One channel of 28x28 (NCHW without the batch), as a convolution takes it; Dataset.flat() gives [784].
        return new FashionMnist(train.reshape(IMAGE_SHAPE), test.reshape(IMAGE_SHAPE), files);
    }

    /** The 60,000 training images of shape {@code [1, 28, 28]}, pixels 0..255, labels 0..9. */
    public Dataset train() {
        return train;
    }

    /** The 10,000 test images of shape {@code [1, 28, 28]}, pixels 0..255, labels 0..9. */
    public Dataset test() {
        return test;
    }

    /** {@link #CLASS_NAMES}. */
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    /** Where the files were found and by which step of the search. */
    public DatasetLocator.LocatedFiles source() {
        return source;
    }

    private static void checkShape(Path file, Dataset data) throws IdxFormatException {
        Shape shape = data.sampleShape();
        if (shape.rank() != 2 || shape.dim(0) != IMAGE_ROWS || shape.dim(1) != IMAGE_COLUMNS) {
            throw new IdxFormatException(file, "Fashion-MNIST images are 28x28 but this file holds images of shape "
                    + shape + "; it is another data set: use the generic IDX loader for it");
        }
    }

    private static RemoteFile file(String name, String sha256, String contentSha256) {
        return new RemoteFile(name, URI.create(BASE_URL + name), sha256, contentSha256);
    }

    @Override
    public String toString() {
        return "FashionMnist[train " + train.size() + ", test " + test.size() + ", from " + source.directory() + " ("
                + source.origin() + ")]";
    }
}
