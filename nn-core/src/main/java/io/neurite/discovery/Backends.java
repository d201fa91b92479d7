package io.neurite.discovery;

import io.neurite.tensor.Backend;

/**
 * Finds and hands out backends. The rules (docs/architecture.md, "How a backend is found"): {@code -Dneurite.backend=NAME}, else the environment
 * variable {@code NEURITE_BACKEND}, else the available provider with the highest priority.
 *
 * <pre>{@code
 * Backend backend = Backends.get();        // the configured or best backend
 * Backend pure = Backends.get("pure");     // a named one
 * System.out.println(Backends.describe()); // what was found and why
 * }</pre>
 *
 * Each backend is created once per process and shared.
 */
public final class Backends {
    /** System property naming the backend to use. */
    public static final String PROPERTY = "neurite.backend";
    /** Environment variable naming the backend to use when the property is not set. */
    public static final String ENVIRONMENT = "NEURITE_BACKEND";

    private Backends() {
    }

    private static final class Holder {
        static final BackendRegistry REGISTRY = BackendRegistry.load(Backends.class.getClassLoader());
    }

    /** The default registry, over the providers on the class path of nn-core. */
    public static BackendRegistry registry() {
        return Holder.REGISTRY;
    }

    /** The backend the configuration names, or the best available one. */
    public static Backend get() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return registry().select(prop, "-D" + PROPERTY);
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return registry().select(env, "environment variable " + ENVIRONMENT);
        }
        return registry().select(null, "default");
    }

    /** The backend named {@code name}; fails listing every provider if it is unknown or unavailable. */
    public static Backend get(String name) {
        return registry().select(name, "Backends.get(\"" + name + "\")");
    }

    /** What was found: every provider, its priority, availability, and which one {@link #get()} picks. */
    public static String describe() {
        BackendRegistry r = registry();
        StringBuilder sb = new StringBuilder("Neurite backends\n");
        sb.append(r.describeProviders());
        String prop = System.getProperty(PROPERTY);
        String env = System.getenv(ENVIRONMENT);
        String how = prop != null && !prop.isBlank() ? "-D" + PROPERTY + "=" + prop
                : env != null && !env.isBlank() ? ENVIRONMENT + "=" + env : "highest priority";
        try {
            Backend chosen = get();
            sb.append("Selected: ").append(chosen.name()).append(" (").append(how).append(")\n");
            sb.append("  ").append(chosen.describe()).append('\n');
        } catch (IllegalStateException e) {
            sb.append("Selected: none (").append(how).append("): ").append(e.getMessage().lines().findFirst().orElse(""))
                    .append('\n');
        }
        return sb.toString();
    }
}
