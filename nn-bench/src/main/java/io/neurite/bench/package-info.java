/**
 * JMH benchmarks that compare Neurite's backends with each other, with raw ND4J and with DeepLearning4j,
 * and the {@link io.neurite.bench.Report} tool that turns JMH's JSON into a markdown table and a chart.
 *
 * <p>Layout: one {@code *Benchmark} class per question (gemm, element-wise overhead, a Dense layer, a
 * training step); each asks a small "case" object to do the work, with one implementation per competitor
 * ({@code Neurite*}, {@code RawNd4j*}, {@code Dl4j*}), so the ND4J and DL4J classes are only loaded in
 * the forks that measure them. {@link io.neurite.bench.BenchSetup} owns the rules every fork shares:
 * the JVM flags and how the {@code threads} parameter reaches a backend.
 */
package io.neurite.bench;
