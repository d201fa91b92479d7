package io.neurite.discovery;

import io.neurite.tensor.Backend;
import io.neurite.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers one class loader can see, and the selection rules of docs/architecture.md ("How a backend is found"):
 * an explicit name (from {@code -Dneurite.backend}, else {@code NEURITE_BACKEND}), else the available
 * provider with the highest priority, ties broken by name. One provider that fails to load or to answer
 * is recorded with its error and never stops the discovery of the others.
 *
 * <p>{@link Backends} is the static front door over the default registry; tests build their own.
 */
public final class BackendRegistry {

    /**
     * What discovery learned of one provider. {@code provider} is null when it failed to load. Whether it is
     * available is asked of the provider the first time someone needs to know ({@link #available()},
     * {@link #reason()}) and then remembered: a provider whose check loads native code (nd4j's loads libnd4j
     * and OpenBLAS, some hundred MB of resident memory and a pool of OpenMP threads) costs nothing in a
     * process that selects a backend of higher priority, or another one by name.
     */
    public static final class Entry {
        private final String name;
        private final int priority;
        private final BackendProvider provider;
        private boolean checked;
        private boolean available;
        private String reason;

        /** A provider to ask lazily. */
        Entry(String name, int priority, BackendProvider provider) {
            this.name = name;
            this.priority = priority;
            this.provider = provider;
        }

        /** A provider known to be unusable already (it failed to load or to describe itself). */
        Entry(String name, int priority, String reason, BackendProvider provider) {
            this(name, priority, provider);
            this.checked = true;
            this.reason = reason;
        }

        public String name() {
            return name;
        }

        public int priority() {
            return priority;
        }

        public BackendProvider provider() {
            return provider;
        }

        /** Whether the provider can create its backend (asked once, on first use). */
        public boolean available() {
            check();
            return available;
        }

        /** Why it is not available, or {@code ""}. */
        public String reason() {
            check();
            return reason;
        }

        private synchronized void check() {
            if (checked) {
                return;
            }
            try {
                boolean ok = provider.isAvailable();
                String why = ok ? "" : provider.unavailableReason();
                available = ok;
                reason = ok ? "" : (why == null || why.isBlank() ? "no reason given" : why);
            } catch (RuntimeException | LinkageError e) {
                available = false;
                reason = "availability check failed: " + e;
            }
            checked = true;
        }

        @Override
        public String toString() {
            return name + " (priority " + priority + ")";
        }
    }

    private final List<Entry> entries;
    private final Map<String, Backend> created = new ConcurrentHashMap<>();

    private BackendRegistry(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(Entry::priority).reversed().thenComparing(Entry::name));
        this.entries = List.copyOf(sorted);
    }

    /** Every provider registered with {@link ServiceLoader} in {@code loader}. */
    public static BackendRegistry load(ClassLoader loader) {
        List<Entry> found = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
        // A broken entry throws from hasNext/next; the iterator moves past it, so keep going. The bound
        // guards against a loader that keeps failing on the same entry.
        for (int attempts = 0; attempts < 1000; attempts++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(inspect(it.next()));
            } catch (ServiceConfigurationError | LinkageError e) {
                found.add(new Entry("<broken>", Integer.MIN_VALUE, "failed to load: " + e, null));
            }
        }
        return new BackendRegistry(found);
    }

    /** A registry over explicit providers (for tests and embedding). */
    public static BackendRegistry of(List<? extends BackendProvider> providers) {
        List<Entry> found = new ArrayList<>();
        for (BackendProvider p : providers) {
            found.add(inspect(p));
        }
        return new BackendRegistry(found);
    }

    private static Entry inspect(BackendProvider p) {
        String name;
        int priority;
        try {
            name = p.name().toLowerCase(Locale.ROOT);
            priority = p.priority();
        } catch (RuntimeException | LinkageError e) {
            return new Entry(p.getClass().getName(), Integer.MIN_VALUE, "failed to describe itself: " + e, null);
        }
        return new Entry(name, priority, p);
    }

    /** All providers found, best first. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The backend named {@code requested}, or the best available one when {@code requested} is null or blank.
     * {@code source} says where the name came from, for the error message.
     */
    public Backend select(String requested, String source) {
        Entry entry = choose(requested, source);
        return created.computeIfAbsent(entry.name(), n -> {
            try {
                return entry.provider().create();
            } catch (RuntimeException | LinkageError e) {
                // A class initializer that threw (a malformed -D option read into a static final, say) arrives
                // as an ExceptionInInitializerError without a message of its own: say what its cause says.
                Throwable why = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("Backend '" + n + "' is available but failed to start: " + why
                        + "\n" + describeProviders(), e);
            }
        });
    }

    /** The entry {@link #select} would use, without creating the backend. */
    public Entry choose(String requested, String source) {
        if (requested != null && !requested.isBlank()) {
            String name = requested.trim().toLowerCase(Locale.ROOT);
            for (Entry e : entries) {
                if (e.name().equals(name)) {
                    if (e.available()) {
                        return e;
                    }
                    throw new IllegalStateException("Neurite backend '" + name + "' (requested by " + source
                            + ") is not available: " + e.reason() + "\n" + describeProviders());
                }
            }
            throw new IllegalStateException("No Neurite backend named '" + name + "' (requested by " + source + ").\n"
                    + describeProviders()
                    + "Choose one of the available names, or add the backend's dependency (io.neurite:nn-backend-"
                    + name + ").");
        }
        for (Entry e : entries) {
            if (e.available()) {
                return e;
            }
        }
        throw new IllegalStateException("No Neurite backend is available.\n" + describeProviders()
                + "Add a backend dependency, e.g. io.neurite:nn-backend-pure (no native code).");
    }

    /** One line per provider: name, priority, and whether and why not it is available. */
    public String describeProviders() {
        StringBuilder sb = new StringBuilder("Providers found: ").append(entries.size()).append('\n');
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "  %-8s priority %-6s %s%n", e.name(),
                    e.priority() == Integer.MIN_VALUE ? "-" : Integer.toString(e.priority()),
                    e.available() ? "available" : "unavailable: " + e.reason()));
        }
        return sb.toString();
    }
}
