package io.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** neurite-spark.jar for spark-submit: every service entry kept, nothing that Spark's own jars also hold. */
class ShadedJarIT {

    @Test
    void keepsTheServiceEntriesAndClashesWithNoneOfSparksJars() throws IOException {
        try (JarFile jar = new JarFile(System.getProperty("neurite.spark.jar"))) {
            String providers = new String(jar.getInputStream(jar.getEntry("META-INF/services/io.neurite.spi.BackendProvider"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(providers.contains("io.neurite.backend.pure.PureBackendProvider"), providers);
            assertTrue(jar.getEntry("META-INF/services/io.neurite.shaded.jackson.core.JsonFactory") != null,
                    "Jackson's own service entry is kept, under its relocated name");
            assertEquals("io.neurite.spark.SparkTrainMain", jar.getManifest().getMainAttributes().getValue("Main-Class"));

            List<String> clashes = new ArrayList<>();
            for (String name : Collections.list(jar.entries()).stream().map(e -> e.getName()).toList()) {
                if (name.endsWith(".class") && (name.startsWith("org/apache/spark/") || name.startsWith("scala/")
                        || name.startsWith("org/slf4j/") || name.contains("com/fasterxml/")
                        || name.startsWith("org/apache/hadoop/") || name.startsWith("picocli/"))) {
                    clashes.add(name);
                }
            }
            assertEquals(List.of(), clashes, "classes Spark (or another application) brings itself");
            assertTrue(jar.getEntry("io/neurite/shaded/jackson/databind/ObjectMapper.class") != null,
                    "Neurite's Jackson, relocated");
        }
    }
}
