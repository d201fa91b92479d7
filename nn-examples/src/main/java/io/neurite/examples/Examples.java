package io.neurite.examples;

import java.util.Arrays;

/**
 * Runs one example by name: {@code xor}, {@code spiral} or {@code readme}. The backend is chosen as everywhere in Neurite
 * ({@code -Dneurite.backend}, {@code NEURITE_BACKEND}, else the best available).
 */
public final class Examples {
    private Examples() {
    }

    public static void main(String[] args) {
        String name = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (name) {
            case "xor" -> XorExample.main(rest);
            case "spiral" -> SpiralExample.main(rest);
            case "readme" -> {
                try {
                    ReadmeExample.main(rest);
                } catch (java.io.IOException e) {
                    System.err.println("readme: " + e.getMessage());
                    System.exit(1);
                }
            }
            default -> {
                System.err.println("usage: Examples xor|spiral|readme   (got " + (name.isEmpty() ? "nothing" : "'" + name + "'")
                        + ")");
                System.exit(2);
            }
        }
    }
}
