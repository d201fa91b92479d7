package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Plain {@code java} without {@code --add-modules jdk.incubator.vector} (what {@code java -jar neurite.jar}
 * amounts to) still gets the pure backend's SIMD path, by the program starting itself again; and
 * {@code -Dneurite.relaunch=false} keeps the scalar path, saying so.
 */
class VectorModuleRelaunchTest {

    @Test
    void aJvmWithTheModuleIsNotRelaunched() {
        // this test JVM has the module (surefire's argLine)
        assertTrue(VectorModuleRelaunch.command(NeuriteCli.class, new String[] {"backends"}).isEmpty());
    }

    @Test
    void withoutTheModuleTheProgramRelaunchesItselfWithIt() throws Exception {
        String out = run(List.of("-Dneurite.backend=pure"), "backends");
        assertTrue(out.contains("pure backend kernels: SIMD path"), out);
    }

    @Test
    void relaunchCanBeTurnedOffAndThenTheScalarPathIsNamed() throws Exception {
        String out = run(List.of("-Dneurite.backend=pure", "-Dneurite.relaunch=false"), "backends");
        assertTrue(out.contains("pure backend kernels: scalar path"), out);
        assertTrue(out.contains("--add-modules jdk.incubator.vector"), out);
    }

    @Test
    void theChildsExitStatusIsPassedOn() throws Exception {
        Process p = start(List.of(), "no-such-command");
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program did not end");
        assertEquals(2, p.exitValue(), "a command line that does not parse exits with 2, relaunched or not");
    }

    @Test
    void theChildGetsTheHeapDefaultsUnlessACollectorIsChosen() {
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20"),
                VectorModuleRelaunch.memoryDefaults(List.of("-Xmx2g")));
        assertEquals(List.of(), VectorModuleRelaunch.memoryDefaults(List.of("-XX:+UseG1GC", "-Xmx2g")));
        assertEquals(List.of(), VectorModuleRelaunch.memoryDefaults(List.of("-XX:+UseParallelGC")));
    }

    @Test
    void theChildGetsThreeCompilerThreadsOnTwoProcessorsUnlessTheOptionsSetThem() {
        assertEquals(List.of("-XX:CICompilerCount=3"), VectorModuleRelaunch.compilerDefaults(List.of("-Xmx2g"), 2));
        assertEquals(List.of(), VectorModuleRelaunch.compilerDefaults(List.of("-XX:CICompilerCount=2"), 2));
        assertEquals(List.of(), VectorModuleRelaunch.compilerDefaults(List.of(), 1), "one processor: as the JVM picks");
        assertEquals(List.of(), VectorModuleRelaunch.compilerDefaults(List.of(), 8), "more: the JVM picks more");
    }

    /** The program in a fresh JVM with this test's class path and no --add-modules; its stdout and stderr. */
    private static String run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Process p = start(jvmOptions, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static Process start(List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NeuriteCli.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
