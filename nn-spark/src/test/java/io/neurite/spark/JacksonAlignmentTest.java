package io.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule$;
import org.junit.jupiter.api.Test;

/**
 * On this module's class path Jackson is Spark's: jackson-module-scala accepts the jackson-databind beside it
 * (it throws at registration for another minor version, which is how Spark fails at run time otherwise), and
 * nn-core's JSON (the model files) works with it.
 */
class JacksonAlignmentTest {

    @Test
    void sparksScalaModuleAcceptsTheJacksonDatabindOnTheClassPath() {
        ObjectMapper mapper = new ObjectMapper().registerModule(DefaultScalaModule$.MODULE$);
        assertEquals(com.fasterxml.jackson.module.scala.JacksonModule$.MODULE$.version().getMinorVersion(),
                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion());
        assertEquals(2, mapper.version().getMajorVersion());
    }

    @Test
    void neuriteModelFilesRoundTripWithSparksJackson() {
        var model = SparkTests.model(3);
        var back = ModelBytes.read(ModelBytes.of(model), SparkTests.backend()).model();
        org.junit.jupiter.api.Assertions.assertArrayEquals(SparkTests.weights(model), SparkTests.weights(back));
    }
}
