package io.neurite.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A long run must not grow native memory: {@value #DEFAULT_STEPS} training steps (or
 * {@code -Dneurite.nativeMemory.steps=N}, e.g. 20000 for the long run) of a small MLP (64-48-10, batch 32) in a
 * child JVM, sampling every 250 steps after a GC ({@link NativeMemoryMain}) — once with {@link TinyMlp}'s
 * raw Tensor ops and SGD, once through Sequential, Dense, ReLU, SoftmaxCrossEntropy and Adam. After a
 * 500-step warm-up:
 * <ul>
 *   <li>JavaCPP's {@code Pointer.totalBytes()} (what JavaCPP allocated) grows by less than 1 MB;</li>
 *   <li>JavaCPP's {@code Pointer.physicalBytes()} (the resident set) grows by less than 8 MB;</li>
 *   <li>the C heap in use ({@link MallocStats}, where libnd4j's buffers live) grows by less than 4 MB.</li>
 * </ul>
 * ND4J's buffers are allocated by libnd4j, which JavaCPP's {@code totalBytes()} does not count, hence the
 * other two measures. The child runs C1 only ({@code -XX:TieredStopAtLevel=1}) with a fixed, pre-touched
 * heap, because C2's compiler arenas and a growing heap move the resident set by 10–15 MB in the first few
 * thousand steps whatever the backend does. A second run that keeps two {@code [128, 10]} tensors per step
 * (about 15 MB over the measured window) must trip the same bounds, so the test can fail; it always runs
 * {@value #DEFAULT_STEPS} steps.
 */
class Nd4jNativeMemoryTest {
    private static final long MB = 1_000_000L;
    static final int DEFAULT_STEPS = 2000;
    private static final int EVERY = 250;

    record Growth(long physical, long javacpp, long malloc) {
    }

    @Test
    void manyTrainingStepsKeepNativeMemoryFlat() throws Exception {
        assertFlat(run(steps(), 0, "raw"));
    }

    @Test
    void theSameThroughSequentialLayersAndAdam() throws Exception {
        assertFlat(run(steps(), 0, "layers"));
    }

    /** CI runs the default; the long run of issue 12 passes {@code -Dneurite.nativeMemory.steps=20000}. */
    private static int steps() {
        int steps = Integer.getInteger("neurite.nativeMemory.steps", DEFAULT_STEPS);
        if (steps < 4 * EVERY || steps % EVERY != 0) {
            throw new IllegalArgumentException("neurite.nativeMemory.steps must be a multiple of " + EVERY
                    + " and at least " + 4 * EVERY + " (the warm-up is " + 2 * EVERY + " steps), but was " + steps);
        }
        return steps;
    }

    private static void assertFlat(Growth g) {
        assertTrue(g.javacpp() < MB, "JavaCPP totalBytes grew by " + g.javacpp() + " bytes after warm-up");
        assertTrue(g.physical() < 8 * MB, "physicalBytes grew by " + g.physical() / MB + " MB after warm-up");
        assertTrue(g.malloc() < 4 * MB, "the C heap in use grew by " + g.malloc() / MB + " MB after warm-up");
    }

    @Test
    void theSameMeasurementSeesALeak() throws Exception {
        Growth g = run(DEFAULT_STEPS, 2, "raw");
        assertTrue(g.malloc() >= 4 * MB || (g.malloc() < 0 && g.physical() >= 8 * MB),
                "a leak of ~15 MB went unnoticed: " + g);
    }

    private static Growth run(int steps, int leakPerStep, String mode) throws Exception {
        String out = ChildJvm.run(ChildJvm.classPath(), List.of("-XX:TieredStopAtLevel=1", "-Xms64m", "-Xmx64m",
                "-XX:+AlwaysPreTouch"), Map.of(), NativeMemoryMain.class, Integer.toString(steps), Integer.toString(EVERY), Integer.toString(leakPerStep), mode);
        List<long[]> samples = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f[0].equals("sample")) {
                samples.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4])});
            }
        }
        assertEquals(steps / EVERY, samples.size(), out);
        long[] base = samples.get(1); // step 500
        long physical = Long.MIN_VALUE;
        long javacpp = Long.MIN_VALUE;
        long malloc = Long.MIN_VALUE;
        for (long[] s : samples.subList(1, samples.size())) {
            physical = Math.max(physical, s[1] - base[1]);
            javacpp = Math.max(javacpp, s[2] - base[2]);
            malloc = base[3] < 0 ? -1 : Math.max(malloc, s[3] - base[3]);
        }
        System.out.println(mode + ", " + steps + " steps, leak " + leakPerStep + "/step: largest growth over step 500"
                + " (physical, javacpp, malloc) = " + physical + ", " + javacpp + ", " + malloc + " bytes; at step "
                + base[0] + ": " + base[1] + ", " + base[2] + ", " + base[3] + "; at the end: " + last(samples));
        return new Growth(physical, javacpp, malloc);
    }

    private static String last(List<long[]> samples) {
        long[] s = samples.get(samples.size() - 1);
        return "step " + s[0] + ": " + s[1] + ", " + s[2] + ", " + s[3];
    }
}
