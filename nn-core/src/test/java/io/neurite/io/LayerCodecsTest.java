package io.neurite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.nn.Dense;
import io.neurite.nn.Dropout;
import io.neurite.nn.GELU;
import io.neurite.nn.Layer;
import io.neurite.nn.LeakyReLU;
import io.neurite.nn.Parameter;
import io.neurite.nn.ReLU;
import io.neurite.nn.SiLU;
import io.neurite.nn.Sigmoid;
import io.neurite.nn.Softmax;
import io.neurite.nn.Softplus;
import io.neurite.nn.Tanh;
import io.neurite.tensor.Shape;
import io.neurite.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec lookup: the layers of io.neurite.nn by name through their own CODEC field, and nothing else. */
class LayerCodecsTest {

    @Test
    void everyLayerOfTheLayerPackageIsFoundThroughItsOwnCodec() {
        Map<String, LayerCodec<?>> expected = Map.of("Dense", Dense.CODEC, "ReLU", ReLU.CODEC, "LeakyReLU",
                LeakyReLU.CODEC, "Sigmoid", Sigmoid.CODEC, "Tanh", Tanh.CODEC, "GELU", GELU.CODEC, "Softmax",
                Softmax.CODEC, "Dropout", Dropout.CODEC, "SiLU", SiLU.CODEC, "Softplus", Softplus.CODEC);
        LayerCodecs codecs = LayerCodecs.standard();
        expected.forEach((type, codec) -> {
            assertSame(codec, codecs.forType(type), type);
            assertEquals(type, codec.type());
            assertEquals(type, codec.layerClass().getSimpleName());
        });
        assertSame(ReLU.CODEC, codecs.forLayer(new ReLU()));
        assertSame(Dropout.CODEC, codecs.forLayer(new Dropout(0.5f, 1)));
    }

    @Test
    void aTypeNameCanSelectNothingButALayerWithACodecInTheLayerPackage() {
        LayerCodecs codecs = LayerCodecs.standard();
        for (String type : List.of("Swish", "Sequential", "Layer", "ElementwiseActivation", "Parameter", "Initializer",
                "Buffer", "io.neurite.nn.Dense", "../Dense", "nn.Dense", "Dense$1", "", "dense", "java.lang.Runtime",
                "LayerShapeException", "BufferCache")) {
            assertNull(codecs.forType(type), type);
        }
    }

    @Test
    void userCodecsAddTypesButCannotTakeABuiltInOne() {
        LayerCodec<Doubler> doubler = LayerCodec.stateless("Doubler", Doubler.class, Doubler::new);
        LayerCodecs codecs = LayerCodecs.standard().with(doubler);
        assertSame(doubler, codecs.forType("Doubler"));
        assertSame(doubler, codecs.forLayer(new Doubler()));
        assertSame(Dense.CODEC, codecs.forType("Dense"), "the built-in ones stay");
        assertEquals(List.of("Doubler"), codecs.addedTypes());
        assertNull(LayerCodecs.standard().forLayer(new Doubler()));

        IllegalArgumentException sameName = assertThrows(IllegalArgumentException.class,
                () -> LayerCodecs.standard().with(LayerCodec.stateless("Dense", Doubler.class, Doubler::new)));
        assertTrue(sameName.getMessage().contains("clashes") && sameName.getMessage().contains("io.neurite.nn"),
                sameName.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LayerCodecs.standard().with(LayerCodec.stateless("MyRelu", ReLU.class, ReLU::new)));
        assertThrows(IllegalArgumentException.class,
                () -> LayerCodecs.standard().with(LayerCodec.stateless("Sequential", Doubler.class, Doubler::new)));
        assertThrows(IllegalArgumentException.class, () -> codecs.with(doubler));
    }

    /** A layer outside io.neurite.nn. */
    static final class Doubler implements Layer {
        @Override
        public Shape outputShape(Shape inputShape) {
            return inputShape;
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            return input.scale(2);
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return gradOutput.scale(2);
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public String toString() {
            return "Doubler";
        }
    }
}
