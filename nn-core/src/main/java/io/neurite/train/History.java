package io.neurite.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a {@link Trainer#fit} run recorded: one {@link EpochRecord} per finished epoch, and why it stopped.
 * Writable as CSV (one row per epoch, columns {@code epoch, <metrics...>, seconds}) or JSON
 * ({@code {"epochs":[{"epoch":1,"loss":...},...],"stopReason":...}}). Not thread-safe while training runs.
 */
public final class History {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private String stopReason = "completed all epochs";

    void add(EpochRecord record) {
        epochs.add(record);
    }

    void stopReason(String reason) {
        this.stopReason = reason;
    }

    /** The finished epochs, in order (unmodifiable). */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last finished epoch; fails if there is none. */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epoch has finished yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The metric {@code name} for every epoch, in order. */
    public double[] metric(String name) {
        double[] v = new double[epochs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = epochs.get(i).metric(name);
        }
        return v;
    }

    /** Every metric name seen, in first-seen order. */
    public Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.metrics().keySet()));
        return names;
    }

    /** Why training stopped, e.g. {@code completed all epochs} or the early-stopping reason. */
    public String stopReason() {
        return stopReason;
    }

    /** CSV with a header row; a metric an epoch lacks is an empty cell. Numbers use {@code .} decimals. */
    public String toCsv() {
        Set<String> names = metricNames();
        StringBuilder sb = new StringBuilder("epoch");
        names.forEach(n -> sb.append(',').append(n));
        sb.append(",seconds\n");
        for (EpochRecord e : epochs) {
            sb.append(e.epoch());
            for (String n : names) {
                sb.append(',');
                if (e.has(n)) {
                    sb.append(format(e.metric(n)));
                }
            }
            sb.append(',').append(format(e.seconds())).append('\n');
        }
        return sb.toString();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("epochs");
        for (EpochRecord e : epochs) {
            ObjectNode o = list.addObject();
            o.put("epoch", e.epoch());
            // JSON has no NaN: a metric that is not a number is written as null.
            e.metrics().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    o.put(k, v);
                } else {
                    o.putNull(k);
                }
            });
            o.put("seconds", e.seconds());
        }
        root.put("stopReason", stopReason);
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Writes {@link #toCsv()} to {@code file} (UTF-8), atomically ({@link AtomicFile}): a crash during the
     * write leaves the previous file whole.
     */
    public void writeCsv(Path file) throws IOException {
        AtomicFile.writeString(file, toCsv());
    }

    /** Writes {@link #toJson()} to {@code file} (UTF-8), atomically as {@link #writeCsv}. */
    public void writeJson(Path file) throws IOException {
        AtomicFile.writeString(file, toJson());
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : (Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    @Override
    public String toString() {
        return "History(" + epochs.size() + " epochs, " + stopReason + ")";
    }
}
