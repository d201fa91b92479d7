package io.neurite.examples;

import java.io.File;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes plain {@code java -jar neurite.jar ...} run the pure backend's SIMD path. A jar's manifest cannot add
 * the incubator module {@code jdk.incubator.vector}, and without it the pure backend falls back to its scalar
 * kernels, some 15 times slower. So when the module is missing from this JVM's boot layer but present in its
 * runtime image, {@code main} starts the same program once more in a child JVM: the same {@code java}, the
 * same JVM options (as {@code RuntimeMXBean} reports them, after the heap defaults of {@link #memoryDefaults}),
 * {@code --add-modules jdk.incubator.vector}, the same
 * class path and arguments, with standard input, output and error inherited; the parent waits and exits with
 * the child's status. It costs one small JVM start (about 0.1-0.2 s).
 *
 * <p>Guards: the child carries {@code -Dneurite.relaunched=true} and never relaunches again;
 * {@code -Dneurite.relaunch=false} (or the environment variable {@code NEURITE_RELAUNCH=false}) turns it
 * off; nothing happens when the runtime has no such module (a jlink image without it), when the JVM's own
 * options cannot be read (no {@code java.management}), or when the {@code java} executable is unknown. In
 * each of those cases the program runs here, on the scalar path, and says so at start-up.
 */
final class VectorModuleRelaunch {
    static final String MODULE = "jdk.incubator.vector";
    static final String RELAUNCHED = "neurite.relaunched";
    static final String SWITCH = "neurite.relaunch";

    private VectorModuleRelaunch() {
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM that has the module, if that is needed and
     * possible, and returns its exit status; empty when the program should run in this JVM.
     */
    static Optional<Integer> ifNeeded(Class<?> mainClass, String[] args) {
        Optional<List<String>> command = command(mainClass, args);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process child = new ProcessBuilder(command.get()).inheritIO().start();
            // If this JVM is asked to stop (SIGTERM, SIGINT), stop the child too rather than orphan it.
            Thread stopChild = new Thread(child::destroy, "neurite-relaunch-stop");
            Runtime.getRuntime().addShutdownHook(stopChild);
            int status = child.waitFor();
            return Optional.of(status);
        } catch (java.io.IOException e) {
            System.err.println("neurite: could not start " + command.get().get(0) + " with --add-modules " + MODULE
                    + " (" + e.getMessage() + "); running here on the pure backend's scalar path");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    /** The child's command line, or empty when no relaunch is needed or possible (see the class comment). */
    static Optional<List<String>> command(Class<?> mainClass, String[] args) {
        if (Boolean.getBoolean(RELAUNCHED) || "false".equalsIgnoreCase(System.getProperty(SWITCH))
                || "false".equalsIgnoreCase(System.getenv("NEURITE_RELAUNCH"))
                || ModuleLayer.boot().findModule(MODULE).isPresent()
                || ModuleFinder.ofSystem().find(MODULE).isEmpty()) {
            return Optional.empty();
        }
        List<String> jvmOptions;
        try {
            jvmOptions = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty(); // no java.management: cannot pass the options through faithfully
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        if (!java.toFile().canExecute()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("--add-modules");
        cmd.add(MODULE);
        cmd.addAll(memoryDefaults(jvmOptions));
        cmd.addAll(compilerDefaults(jvmOptions, Runtime.getRuntime().availableProcessors()));
        cmd.addAll(jvmOptions);
        cmd.add("-D" + RELAUNCHED + "=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path", "") + "");
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /**
     * The heap settings bin/neurite also uses (keep the two in step), unless {@code given} already chooses a
     * collector: the serial collector, and a heap kept within 10-20 % of the live data. A training run
     * allocates almost nothing after loading its data (under 1 KB per step), so collector throughput does not
     * matter, but G1's default sizing kept about twice the live data committed: 0.99 GB peak resident memory
     * for Fashion-MNIST's MLP against 0.61 GB with these settings (docs/pure-backend.md). Placed before the
     * user's own options, so that theirs (a heap size, the ratios) win.
     */
    static List<String> memoryDefaults(List<String> given) {
        for (String option : given) {
            if (option.startsWith("-XX:+Use") && option.endsWith("GC")) {
                return List.of();
            }
        }
        return List.of("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20");
    }

    /**
     * The JIT setting bin/neurite also uses (keep the two in step), unless {@code given} sets it: on a machine of
     * exactly 2 processors, 3 compiler threads (1 C1, 2 C2) instead of the 2 (1 C1, 1 C2) the JVM picks there.
     * A training run's first epoch waits for C2 to compile the kernels while it runs them in slower code; one
     * C2 thread was busy without a break from start-up to the end of epoch 1. Measured on the 2-core Zen 4
     * machine (3-epoch Fashion-MNIST run, two sittings of 5 and 6 pairs under load): 4.4 % less CPU time and
     * 7-12 % less wall time. Machines with more processors already get more compiler threads.
     */
    static List<String> compilerDefaults(List<String> given, int processors) {
        for (String option : given) {
            if (option.startsWith("-XX:CICompilerCount")) {
                return List.of();
            }
        }
        return processors == 2 ? List.of("-XX:CICompilerCount=3") : List.of();
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }
}
