package io.neurite.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the files of a published data set on this machine, or downloads them, searching in this order and
 * taking the first directory that holds all of them (each gzipped or not, see {@link RemoteFile#acceptedNames}):
 * <ol>
 *   <li>an explicit directory, if one is given: then it is the only place looked at, and an incomplete one is
 *       an error, because the user asked for exactly that directory;</li>
 *   <li>{@code $NEURITE_DATA}, or its subdirectory named after the data set (e.g. {@code fashion-mnist});</li>
 *   <li>the cache, {@code ~/.neurite/datasets/NAME};</li>
 *   <li>the system directory, {@code /usr/share/datasets/NAME} (where Debian's {@code dataset-*} packages
 *       install);</li>
 *   <li>a download of the missing files into the cache, each checked against its SHA-256
 *       ({@link VerifiedDownload}), unless downloads are off (no downloader, or {@code NEURITE_OFFLINE} set).</li>
 * </ol>
 * When everything fails, a {@link DataNotFoundException} lists each place, why it did not do, and how to get
 * the data. Every input of the search (environment, home directory, system directory, downloader) can be
 * replaced through the {@link Builder}, so tests run offline on temporary directories.
 *
 * <p>Immutable and thread-safe; {@link #locate()} may download, so concurrent calls may fetch twice (the
 * atomic rename keeps the cache consistent).
 */
public final class DatasetLocator {
    /** Environment variable naming a directory that holds data sets. */
    public static final String DATA_ENV = "NEURITE_DATA";
    /** Environment variable that, set to anything but {@code 0} or {@code false}, turns downloads off. */
    public static final String OFFLINE_ENV = "NEURITE_OFFLINE";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetLocator.class);

    private final String displayName;
    private final String directoryName;
    private final List<RemoteFile> files;
    private final Path explicitDirectory;
    private final Function<String, String> environment;
    private final Path userHome;
    private final Path systemDirectory;
    private final String systemPackage;
    private final Downloader downloader;

    private DatasetLocator(Builder b) {
        this.displayName = b.displayName;
        this.directoryName = b.directoryName;
        this.files = b.files;
        this.explicitDirectory = b.explicitDirectory;
        this.environment = b.environment;
        this.userHome = b.userHome;
        this.systemDirectory = b.systemDirectory;
        this.systemPackage = b.systemPackage;
        this.downloader = b.downloader;
    }

    /**
     * A builder for the data set {@code displayName} (for messages, e.g. {@code Fashion-MNIST}) whose directory
     * is called {@code directoryName} (e.g. {@code fashion-mnist}) and which consists of {@code files}.
     */
    public static Builder builder(String displayName, String directoryName, List<RemoteFile> files) {
        return new Builder(displayName, directoryName, files);
    }

    /** The cache directory: {@code <user home>/.neurite/datasets/<directory name>}. */
    public Path cacheDirectory() {
        return userHome.resolve(".neurite").resolve("datasets").resolve(directoryName);
    }

    /** The files of the data set, in their order. */
    public List<RemoteFile> files() {
        return files;
    }

    /**
     * Searches, downloading if needed, and returns where all files are.
     *
     * @throws DataNotFoundException     if no place holds all files and downloading is off or failed
     * @throws ChecksumMismatchException if a download did not match its published SHA-256
     */
    public LocatedFiles locate() throws IOException {
        List<String> report = new ArrayList<>();

        if (explicitDirectory != null) {
            Probe probe = probe(explicitDirectory);
            if (probe.complete()) {
                return probe.located("the directory given explicitly");
            }
            throw new DataNotFoundException(displayName + ": the directory " + explicitDirectory
                    + " given explicitly (--data) " + probe.problem() + ". It must hold " + fileList()
                    + " (each gzipped or not)." + listing(explicitDirectory) + "\n" + howToGetIt());
        }
        report.add("an explicit directory (--data DIR): none given");

        String env = environment.apply(DATA_ENV);
        if (env == null || env.isBlank()) {
            report.add("$" + DATA_ENV + ": not set");
        } else {
            Path root = Paths.get(env.trim());
            Probe direct = probe(root);
            Probe sub = probe(root.resolve(directoryName));
            for (Probe p : List.of(direct, sub)) {
                if (p.complete()) {
                    return p.located("$" + DATA_ENV);
                }
            }
            String problem = "$" + DATA_ENV + "=" + env + ": neither it nor its subdirectory " + directoryName
                    + " holds the files (" + root + " " + direct.problem() + "; " + sub.directory + " "
                    + sub.problem() + ")";
            LOG.warn("{}; looking further", problem);
            report.add(problem);
        }

        Path cache = cacheDirectory();
        Probe cached = probe(cache);
        if (cached.complete()) {
            return cached.located("the cache");
        }
        report.add(cache + " (the cache): " + cached.problem());

        if (systemDirectory != null) {
            Probe system = probe(systemDirectory);
            if (system.complete()) {
                return system.located(systemPackage != null ? "the package " + systemPackage : "the system directory");
            }
            report.add(systemDirectory + (systemPackage != null ? " (the package " + systemPackage + ")" : "") + ": "
                    + system.problem());
        }

        String offline = environment.apply(OFFLINE_ENV);
        if (downloader == null) {
            report.add("download: turned off");
        } else if (offline != null && !offline.isBlank() && !offline.trim().equals("0")
                && !offline.trim().equalsIgnoreCase("false")) {
            report.add("download: turned off by " + OFFLINE_ENV + "=" + offline);
        } else {
            try {
                return download(cached);
            } catch (ChecksumMismatchException e) {
                throw new ChecksumMismatchException(displayName + ": " + e.getMessage() + ".\n" + howToGetIt());
            } catch (IOException e) {
                report.add("download into " + cache + ": failed: " + e.getMessage());
                throw new DataNotFoundException(notFound(report), e);
            }
        }
        throw new DataNotFoundException(notFound(report));
    }

    private LocatedFiles download(Probe cached) throws IOException {
        Path cache = cacheDirectory();
        boolean created = !Files.exists(cache);
        try {
            for (RemoteFile file : files) {
                if (!cached.found.containsKey(file.fileName())) {
                    VerifiedDownload.fetch(downloader, file, cache);
                }
            }
        } catch (IOException e) {
            if (created) {
                deleteIfEmpty(cache); // leave no empty cache behind that later messages would report as incomplete
            }
            throw e;
        }
        Probe after = probe(cache);
        if (!after.complete()) {
            throw new IOException("after downloading, " + cache + " " + after.problem());
        }
        return after.located("a download into the cache");
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // best effort: an empty directory does no harm
        }
    }

    private String notFound(List<String> report) {
        StringBuilder sb = new StringBuilder();
        sb.append(displayName).append(" is not on this machine and could not be downloaded.\n");
        sb.append("Looked for ").append(fileList()).append(" (each gzipped or not) in:\n");
        for (int i = 0; i < report.size(); i++) {
            sb.append("  ").append(i + 1).append(". ").append(report.get(i)).append('\n');
        }
        sb.append(howToGetIt());
        return sb.toString();
    }

    /** Exact instructions for getting the data, for every error message. */
    private String howToGetIt() {
        StringBuilder sb = new StringBuilder("Get the data in one of these ways:\n");
        if (systemPackage != null && systemDirectory != null) {
            sb.append("  - on Debian or Ubuntu: apt-get install -y ").append(systemPackage)
                    .append("   (installs into ").append(systemDirectory).append(", found automatically)\n");
        }
        sb.append("  - download these files into a directory, then pass it with --data DIR or set ")
                .append(DATA_ENV).append("=DIR:\n");
        for (RemoteFile file : files) {
            sb.append("      ").append(file.url()).append('\n');
        }
        sb.append("  - or put them into ").append(cacheDirectory()).append(", which is searched automatically");
        return sb.toString();
    }

    private String fileList() {
        return files.stream().map(RemoteFile::fileName).collect(Collectors.joining(", "));
    }

    private static String listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(21)
                    .collect(Collectors.toList());
            if (names.isEmpty()) {
                return " The directory is empty.";
            }
            String shown = names.stream().limit(20).collect(Collectors.joining(", "));
            return " It contains: " + shown + (names.size() > 20 ? ", ..." : "") + ".";
        } catch (IOException e) {
            return " It cannot be listed: " + e.getMessage() + ".";
        }
    }

    private Probe probe(Path dir) {
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        boolean exists = Files.isDirectory(dir);
        for (RemoteFile file : files) {
            Path hit = null;
            if (exists) {
                for (String name : file.acceptedNames()) {
                    Path candidate = dir.resolve(name);
                    if (Files.isRegularFile(candidate)) {
                        hit = candidate;
                        break;
                    }
                }
            }
            if (hit != null) {
                found.put(file.fileName(), hit);
            } else {
                missing.add(file.fileName());
            }
        }
        return new Probe(dir, exists, found, missing);
    }

    private final class Probe {
        final Path directory;
        final boolean exists;
        final Map<String, Path> found;
        final List<String> missing;

        Probe(Path directory, boolean exists, Map<String, Path> found, List<String> missing) {
            this.directory = directory;
            this.exists = exists;
            this.found = found;
            this.missing = missing;
        }

        boolean complete() {
            return missing.isEmpty();
        }

        String problem() {
            if (!exists) {
                return Files.exists(directory) ? "is not a directory" : "does not exist";
            }
            return found.isEmpty() ? "holds none of the files" : "lacks " + String.join(", ", missing);
        }

        LocatedFiles located(String origin) {
            LOG.debug("{} found in {} ({})", displayName, directory, origin);
            return new LocatedFiles(directory, origin, Collections.unmodifiableMap(new LinkedHashMap<>(found)));
        }
    }

    /**
     * Where the files were found.
     *
     * @param directory the directory holding them
     * @param origin    which step of the search found them, for messages (e.g. {@code the package
     *                  dataset-fashion-mnist})
     * @param files     canonical file name (as in {@link RemoteFile#fileName()}) to the actual path
     */
    public record LocatedFiles(Path directory, String origin, Map<String, Path> files) {

        /** The path of {@code file}. */
        public Path path(RemoteFile file) {
            Path p = files.get(file.fileName());
            if (p == null) {
                throw new IllegalArgumentException(file.fileName() + " is not one of the located files " + files.keySet());
            }
            return p;
        }
    }

    /**
     * Options of a {@link DatasetLocator}. Defaults: no explicit directory, the process environment, the
     * {@code user.home} system property, {@code /usr/share/datasets/<directory name>}, no system package name,
     * and an {@link HttpDownloader}.
     */
    public static final class Builder {
        private final String displayName;
        private final String directoryName;
        private final List<RemoteFile> files;
        private Path explicitDirectory;
        private Function<String, String> environment = System::getenv;
        private Path userHome = Paths.get(System.getProperty("user.home"));
        private Path systemDirectory;
        private String systemPackage;
        private Downloader downloader = new HttpDownloader();

        private Builder(String displayName, String directoryName, List<RemoteFile> files) {
            if (displayName == null || displayName.isBlank() || directoryName == null
                    || !directoryName.matches("[a-z0-9][a-z0-9._-]*") || files == null || files.isEmpty()) {
                throw new IllegalArgumentException("DatasetLocator: need a display name, a lower-case directory name"
                        + " and at least one file; got " + displayName + ", " + directoryName + ", " + files);
            }
            this.displayName = displayName;
            this.directoryName = directoryName.toLowerCase(Locale.ROOT);
            this.files = List.copyOf(files);
            this.systemDirectory = Paths.get("/usr/share/datasets", directoryName);
        }

        /** The directory to use instead of searching (null: search). */
        public Builder explicitDirectory(Path directory) {
            this.explicitDirectory = directory;
            return this;
        }

        /** Where environment variables come from (tests pass a map's {@code get}). */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The home directory under which the cache {@code .neurite/datasets/NAME} lives. */
        public Builder userHome(Path userHome) {
            this.userHome = Objects.requireNonNull(userHome, "userHome");
            return this;
        }

        /** The system-wide directory (null: skip that step). */
        public Builder systemDirectory(Path systemDirectory) {
            this.systemDirectory = systemDirectory;
            return this;
        }

        /** The distribution package that installs the system directory, named in messages (null: none). */
        public Builder systemPackage(String systemPackage) {
            this.systemPackage = systemPackage;
            return this;
        }

        /** How to download (null: never download). */
        public Builder downloader(Downloader downloader) {
            this.downloader = downloader;
            return this;
        }

        public DatasetLocator build() {
            return new DatasetLocator(this);
        }
    }
}
