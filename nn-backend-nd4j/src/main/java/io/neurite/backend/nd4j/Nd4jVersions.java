package io.neurite.backend.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the native stack on the class path, read from the jars' Maven metadata. */
final class Nd4jVersions {
    static final String ND4J = read("org.nd4j", "nd4j-native");
    static final String OPENBLAS = read("org.bytedeco", "openblas");

    private Nd4jVersions() {
    }

    private static String read(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Nd4jVersions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
