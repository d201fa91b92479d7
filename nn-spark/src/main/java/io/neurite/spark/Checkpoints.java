package io.neurite.spark;

import io.neurite.io.ModelFile;
import io.neurite.io.SavedModel;
import io.neurite.tensor.Backend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Training checkpoints in a directory of any Hadoop {@code FileSystem} (HDFS, S3A, local): one Neurite model
 * file per finished epoch, {@code epoch-0003.neurite.zip}, holding the weights, the optimizer state and where
 * the training stands. Each is written under a temporary name and renamed when complete, and the previous one is
 * kept until the next is in place, so a job stopped at any moment leaves a whole checkpoint to resume from.
 */
final class Checkpoints {
    static final String PREFIX = "epoch-";
    static final String SUFFIX = ".neurite.zip";
    /** Checkpoints kept: the newest and the one before it. */
    private static final int KEEP = 2;

    private final Path dir;
    private final Configuration conf;

    Checkpoints(String dir, Configuration conf) {
        this.dir = new Path(dir);
        this.conf = conf;
    }

    String location() {
        return dir.toString();
    }

    /** Writes the checkpoint after {@code epochsDone} epochs; older ones beyond the last {@value #KEEP} go. */
    void write(int epochsDone, ModelFile.Writer writer) {
        byte[] bytes = ModelBytes.of(writer);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
            Path target = new Path(dir, name(epochsDone));
            Path tmp = new Path(dir, "." + name(epochsDone) + "." + UUID.randomUUID() + ".tmp");
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            FileStatus[] all = list(fs);
            for (int i = 0; i < all.length - KEEP; i++) {
                fs.delete(all[i].getPath(), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint of epoch " + epochsDone + " to " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint that loads, or empty when the directory has none. */
    Optional<SavedModel> latest(Backend backend) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            FileStatus[] all = list(fs);
            IllegalArgumentException damaged = null;
            for (int i = all.length - 1; i >= 0; i--) {
                try (InputStream in = fs.open(all[i].getPath())) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    return Optional.of(ModelBytes.read(bytes.toByteArray(), backend));
                } catch (IllegalArgumentException e) {
                    // A damaged file: fall back to the one before it.
                    damaged = e;
                }
            }
            if (damaged != null) {
                throw new IllegalArgumentException("no checkpoint in " + dir + " loads: " + damaged.getMessage(),
                        damaged);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoints from " + dir + ": " + e.getMessage(), e);
        }
    }

    private FileStatus[] list(FileSystem fs) throws IOException {
        FileStatus[] all = fs.listStatus(dir, p -> p.getName().startsWith(PREFIX) && p.getName().endsWith(SUFFIX));
        Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
        return all;
    }

    static String name(int epochsDone) {
        return String.format("%s%04d%s", PREFIX, epochsDone, SUFFIX);
    }
}
