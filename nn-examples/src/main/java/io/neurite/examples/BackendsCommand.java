package io.neurite.examples;

import io.neurite.discovery.Backends;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code neurite backends}: every backend found, its priority and availability, and which one is used. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends found, why any is unavailable, and which one is selected.")
final class BackendsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Backends.describe());
        boolean pure = Backends.registry().entries().stream().anyMatch(e -> e.name().equals("pure") && e.available());
        if (pure) {
            String path = KernelPathInfo.describe(Backends.get("pure"));
            spec.commandLine().getOut().println("pure backend kernels: " + (path == null ? "unknown" : path));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
