package io.neurite.train;

import io.neurite.discovery.Backends;
import io.neurite.io.ModelFile;
import io.neurite.nn.Dense;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.tensor.Backend;
import io.neurite.tensor.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@code CrashSafeSaveTest}, which kills it with SIGKILL: saves, in an endless loop, a
 * model file ({@link #MODEL}), a CSV history and a JSON history into the directory {@code args[0]}, each
 * marked with its generation {@code g} (1, 2, ...) so the test can tell which save it finds, and prints
 * {@code saved g} once all three of generation g are saved. Starts at generation {@code args[1]}.
 */
public final class SaveLoopMain {
    public static final String MODEL = "model.zip";
    public static final String CSV = "history.csv";
    public static final String JSON = "history.json";
    public static final int EPOCHS = 200;

    private SaveLoopMain() {
    }

    /** The model every generation saves: about 0.5 MB of weights, so that a save takes a while. */
    public static Sequential model(Backend backend) {
        return Sequential.of(backend, Shape.of(128), new Dense(128, 512, 1L), new ReLU(), new Dense(512, 128, 2L));
    }

    /** The value of every element of parameter {@code index} in generation {@code generation}. */
    public static float value(long generation, int index) {
        return generation + index / 8f;
    }

    /** The history every generation saves: {@value #EPOCHS} epochs whose loss is the generation. */
    public static History history(long generation) {
        History h = new History();
        for (int e = 1; e <= EPOCHS; e++) {
            Map<String, Double> metrics = new LinkedHashMap<>(); // a fixed column order
            metrics.put("loss", (double) generation);
            metrics.put("acc", e / 1000.0);
            h.add(new EpochRecord(e, metrics, 0.5));
        }
        return h;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Backend backend = Backends.get("pure");
        Sequential model = model(backend);
        List<Parameter> parameters = model.parameters();
        for (long g = Long.parseLong(args[1]); ; g++) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).value().fill(value(g, i));
            }
            ModelFile.writer(model).metadata("generation", Long.toString(g)).save(dir.resolve(MODEL));
            History h = history(g);
            h.writeCsv(dir.resolve(CSV));
            h.writeJson(dir.resolve(JSON));
            System.out.println("saved " + g);
            System.out.flush();
        }
    }
}
