package io.neurite.backend.pure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neurite.data.Normalizer;
import io.neurite.io.ModelFile;
import io.neurite.loss.MeanSquaredError;
import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.Initializer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.Sequential;
import io.neurite.nn.Softmax;
import io.neurite.nn.Tanh;
import io.neurite.optim.Adam;
import io.neurite.optim.Optimizers;
import io.neurite.optim.schedule.Schedules;
import io.neurite.tensor.Backend;
import io.neurite.tensor.SeededRandom;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the format-1 model-file fixture with the format-1 code (run once, before format 2 existed):
 * {@code mvn -pl nn-backend-pure -am verify -Dtest=WriteFormat1Fixture -Dneurite.writeFixture=DIR}.
 */
class WriteFormat1Fixture {

    @Test
    @EnabledIfSystemProperty(named = "neurite.writeFixture", matches = ".+")
    void write() throws Exception {
        Path dir = Path.of(System.getProperty("neurite.writeFixture"), System.getProperty("neurite.test.expectedPath", "simd")
                + System.getProperty("neurite.test.expectedBits", ""));
        Files.createDirectories(dir);
        Backend b = PureTestBackends.MAIN;
        Sequential model = Sequential.of(b, Shape.of(6),
                new Dense(6, 8, Initializer.heNormal(21)), new ReLU(), new Dropout(0.3f, 7),
                Sequential.of(b, Shape.of(8), new Dense(8, 8, Initializer.xavierUniform(22)), new Tanh()),
                new Dense(8, 5, 23L), new LeakyReLU(0.1f), new Dense(5, 3, 24L), new Softmax());
        Adam adam = Optimizers.adam(Schedules.cosineDecay(0.01, 100)).weightDecay(1e-4);
        Tensor x = b.of(new SeededRandom(31).uniform(16 * 6, -1f, 1f), Shape.of(16, 6));
        Tensor y = b.of(new SeededRandom(32).uniform(16 * 3, 0f, 1f), Shape.of(16, 3));
        MeanSquaredError loss = new MeanSquaredError();
        for (int s = 0; s < 7; s++) {
            model.zeroGrad();
            Tensor p = model.forward(x, true);
            Tensor g = p.newLike();
            loss.lossAndGradient(p, y, g);
            model.backward(g);
            adam.step(model.parameters());
        }
        float[] shift = new SeededRandom(33).uniform(6, -0.5f, 0.5f);
        float[] scale = new SeededRandom(34).uniform(6, 0.5f, 2f);
        ModelFile.writer(model).optimizer(adam).normalizer(Normalizer.of(shift, scale))
                .classNames(List.of("alpha", "beta", "gamma")).metadata("purpose", "format-1 fixture")
                .save(dir.resolve("mlp-dropout-adam.zip"));

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode expected = json.createObjectNode();
        expected.put("about", "What the model in mlp-dropout-adam.zip held and predicted when format-1 code wrote"
                + " it; floats as their IEEE-754 bits (Float.floatToRawIntBits)");
        expected.put("backend", b.name());
        expected.put("optimizer", adam.toString());
        expected.put("iterations", adam.iterations());
        Tensor input = b.of(new SeededRandom(35).uniform(9 * 6, -1f, 1f), Shape.of(9, 6));
        expected.set("inputShape", ints(json, input.shape().dims()));
        expected.set("input", bits(json, input.toFloatArray()));
        expected.set("predictions", bits(json, model.predict(input).toFloatArray()));
        ObjectNode params = expected.putObject("parameters");
        for (Parameter p : model.parameters()) {
            params.set(p.name(), bits(json, p.value().toFloatArray()));
        }
        ObjectNode state = expected.putObject("optimizerState");
        for (Map.Entry<String, Tensor> e : adam.state().tensors().entrySet()) {
            state.set(e.getKey(), bits(json, e.getValue().toFloatArray()));
        }
        json.writeValue(dir.resolve("mlp-dropout-adam.expected.json").toFile(), expected);
    }

    private static ArrayNode bits(ObjectMapper json, float[] values) {
        ArrayNode a = json.createArrayNode();
        for (float v : values) {
            a.add(Float.floatToRawIntBits(v));
        }
        return a;
    }

    private static ArrayNode ints(ObjectMapper json, int[] values) {
        ArrayNode a = json.createArrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
