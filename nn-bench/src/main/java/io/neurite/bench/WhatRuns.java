package io.neurite.bench;

import io.neurite.discovery.Backends;
import io.neurite.tensor.Backend;

/**
 * Prints what a benchmark fork started with the same JVM flags would measure: each backend's
 * {@code describe()} (the pure backend's path, vector width, gemm kernel and blocking; ND4J's BLAS) and the
 * OpenBLAS core type forced through the environment, if any. {@code bench.sh} puts it into the report.
 */
public final class WhatRuns {
    private WhatRuns() {
    }

    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"pure", "nd4j"}) {
            try {
                Backend b = Backends.get(name);
                sb.append(sb.length() == 0 ? "" : "; ").append(b.describe());
            } catch (RuntimeException e) {
                sb.append(sb.length() == 0 ? "" : "; ").append(name).append(": not available (").append(e.getMessage()
                        .lines().findFirst().orElse("")).append(')');
            }
        }
        String core = System.getenv("OPENBLAS_CORETYPE");
        sb.append("; OPENBLAS_CORETYPE=").append(core == null ? "(not set: OpenBLAS picks its kernel for the CPU)" : core);
        System.out.println(sb);
        System.exit(0); // the backends' pools are daemon threads, ND4J's natives may not be
    }
}
