package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neurite.data.ImageAugmentation;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Each model's defaults, and that an option given overrides them (parsing only; nothing is trained). */
class TrainingOptionsDefaultsTest {

    private static TrainingOptions parse(String... args) {
        FashionMnistCommand command = new FashionMnistCommand();
        new CommandLine(command).parseArgs(args);
        command.training.validate();
        return command.training;
    }

    @Test
    void theMlpHoldsOutATenthAndIsNotAugmented() {
        TrainingOptions mlp = parse();
        assertEquals(15, mlp.epochs());
        assertEquals(128, mlp.batchSize());
        assertEquals(0.1, mlp.validation());
        assertEquals(0f, mlp.dropout());
        assertNull(mlp.augmentation(-0.8f));
    }

    @Test
    void theCnnTrainsThirtyEpochsOnAllImagesWithShiftsAndFlips() {
        TrainingOptions cnn = parse("--model", "cnn");
        assertEquals(30, cnn.epochs());
        assertEquals(64, cnn.batchSize());
        assertEquals(0.0, cnn.validation());
        assertEquals(0.3f, cnn.dropout());
        ImageAugmentation augmentation = cnn.augmentation(-0.8f);
        assertTrue(augmentation.describe().contains("shifts of up to 1 px")
                && augmentation.describe().contains("horizontal flips"), augmentation.describe());
    }

    @Test
    void givenOptionsOverrideTheCnnDefaults() {
        TrainingOptions cnn = parse("--model", "cnn", "--epochs", "15", "--validation", "0.1", "--shift", "0",
                "--no-flip");
        assertEquals(15, cnn.epochs());
        assertEquals(0.1, cnn.validation());
        assertNull(cnn.augmentation(-0.8f), "no shift and no flip: no augmentation");
        TrainingOptions flipsOnly = parse("--model", "cnn", "--shift", "0");
        assertTrue(flipsOnly.augmentation(0f).describe().contains("horizontal flips"));
        assertTrue(!flipsOnly.augmentation(0f).describe().contains("shift"), flipsOnly.augmentation(0f).describe());
    }
}
