package io.neurite.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/**
 * A Spark ML parameter whose value is any {@link java.io.Serializable} object (a model file's bytes, a loss or
 * optimizer factory): ML persistence stores it as the Base64 of its Java serialization, so an estimator with
 * these parameters can be saved and loaded like any other. Loading needs the value's classes (for a lambda, the
 * class that defined it) on the class path.
 */
final class JavaSerializedParam<T> extends Param<T> {
    private static final long serialVersionUID = 1L;

    JavaSerializedParam(Identifiable parent, String name, String doc) {
        super(parent, name, doc);
    }

    @Override
    public String jsonEncode(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("parameter '" + name() + "': " + value + " cannot be serialized; a lambda"
                    + " is serializable only when what it captures is", e);
        }
        return "\"" + Base64.getEncoder().encodeToString(bytes.toByteArray()) + "\"";
    }

    @Override
    @SuppressWarnings("unchecked")
    public T jsonDecode(String json) {
        String text = json.trim();
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            throw new IllegalArgumentException("parameter '" + name() + "': expected a JSON string of Base64 but got "
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        byte[] bytes = Base64.getDecoder().decode(text.substring(1, text.length() - 1));
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                // The context class loader sees the application's classes under spark-submit.
                try {
                    return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("parameter '" + name() + "': the saved value cannot be read back ("
                    + e + "); put the classes it was saved with on the class path", e);
        }
    }
}
