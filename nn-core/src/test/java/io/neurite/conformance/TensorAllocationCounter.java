package io.neurite.conformance;

import io.neurite.tensor.Backend;
import io.neurite.tensor.Tensor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Wraps a backend so that every tensor created through the API is counted: tests of "a step allocates no
 * tensors after the first" read {@link #created()} before and after. Works on any backend without its
 * cooperation: the backend and its tensors are seen through {@link Proxy} objects that forward every call
 * (default methods included) to the real ones, and any tensor that comes back which is not already known —
 * a {@code zeros}, {@code newLike}, {@code copy}, a plain verb's result — counts as one allocation.
 * A {@code reshape} view also counts (it is a new tensor object, though it shares storage). The kernel SPI
 * ({@code backend.kernels()} and its families) is forwarded the same way, so layers' kernel calls see real
 * tensors and the tensors they return are counted too.
 *
 * <p>Use {@link #backend()} everywhere in the test, so that every tensor is a wrapped one. Not thread-safe.
 */
public final class TensorAllocationCounter {
    private final Backend real;
    private final Backend proxy;
    private final Map<Object, Object> proxies = new IdentityHashMap<>();
    private final Map<Object, Object> reals = new IdentityHashMap<>();
    private long created;

    public TensorAllocationCounter(Backend real) {
        this.real = real;
        this.proxy = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                new Forwarder(real));
        proxies.put(real, proxy);
        reals.put(proxy, real);
    }

    /** The counting view of the backend. */
    public Backend backend() {
        return proxy;
    }

    /** Tensors created so far through {@link #backend()} and its tensors. */
    public long created() {
        return created;
    }

    private Object wrap(Object result) {
        if (result == null) {
            return null;
        }
        Object known = proxies.get(result);
        if (known != null) {
            return known;
        }
        if (result instanceof Tensor t) {
            Object p = Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                    new Forwarder(t));
            proxies.put(t, p);
            reals.put(p, t);
            created++;
            return p;
        }
        if (result instanceof Backend && result != real) {
            throw new IllegalStateException("a tensor reported a backend other than the one being counted: " + result);
        }
        return result;
    }

    /** The kernel SPI ({@code backend.kernels()} and its families) is seen through proxies too, uncounted. */
    private static final String KERNEL_PACKAGE = "io.neurite.kernel";

    private Object wrapKernels(Object kernels, Class<?> type) {
        Object known = proxies.get(kernels);
        if (known != null) {
            return known;
        }
        Object p = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Forwarder(kernels));
        proxies.put(kernels, p);
        reals.put(p, kernels);
        return p;
    }

    private Object unwrap(Object arg) {
        Object r = arg == null ? null : reals.get(arg);
        return r != null ? r : arg;
    }

    private final class Forwarder implements InvocationHandler {
        private final Object target;

        Forwarder(Object target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            Object[] unwrapped = args == null ? null : args.clone();
            if (unwrapped != null) {
                for (int i = 0; i < unwrapped.length; i++) {
                    unwrapped[i] = unwrap(unwrapped[i]);
                }
            }
            Object result;
            try {
                result = method.invoke(target, unwrapped);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Tensor || result instanceof Backend) {
                return wrap(result);
            }
            Class<?> type = method.getReturnType();
            if (result != null && type.isInterface() && type.getPackageName().equals(KERNEL_PACKAGE)) {
                return wrapKernels(result, type);
            }
            return result;
        }
    }
}
