package io.neurite.nn;

import io.neurite.io.LayerConfig;
import java.util.Locale;

/** How the image layers store a {@link Padding} in a model file's layer config. */
final class PaddingConfig {
    private PaddingConfig() {
    }

    static void write(Padding padding, LayerConfig config) {
        config.put("padding", padding.mode().name().toLowerCase(Locale.ROOT));
        if (padding.mode() == Padding.Mode.EXPLICIT) {
            config.put("pad_top", padding.top()).put("pad_bottom", padding.bottom())
                    .put("pad_left", padding.left()).put("pad_right", padding.right());
        }
    }

    static Padding read(LayerConfig config) {
        String mode = config.getString("padding");
        return switch (mode) {
            case "valid" -> Padding.valid();
            case "same" -> Padding.same();
            case "explicit" -> Padding.explicit(config.getInt("pad_top"), config.getInt("pad_bottom"),
                    config.getInt("pad_left"), config.getInt("pad_right"));
            default -> throw new IllegalArgumentException("config field 'padding' must be \"valid\", \"same\" or"
                    + " \"explicit\" but is \"" + mode + "\"");
        };
    }
}
