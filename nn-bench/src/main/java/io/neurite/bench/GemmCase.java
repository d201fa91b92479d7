package io.neurite.bench;

/**
 * One matrix product {@code C = op(A) · op(B)} ({@code beta = 0}) with its operands allocated once, run
 * repeatedly by {@link GemmBenchmark}. {@code op(A)} is {@code [m, k]} and {@code op(B)} is {@code [k, n]};
 * a transposed operand is stored transposed ({@code A} is {@code [k, m]} when {@code transA}) and read in
 * place, as a Dense layer's backward pass does.
 */
interface GemmCase {

    /** Runs the product into the existing C and returns C (for JMH to consume). */
    Object multiply();

    /**
     * The case for a benchmark's {@code backend} value: a Neurite backend name, or {@code nd4j-raw} for
     * ND4J called directly.
     */
    static GemmCase create(String backend, int threads, int m, int n, int k, boolean transA, boolean transB) {
        if (RawNd4j.NAME.equals(backend)) {
            return new RawNd4jGemm(threads, m, n, k, transA, transB);
        }
        return new NeuriteGemm(BenchSetup.neurite(backend, threads), m, n, k, transA, transB);
    }
}
