package io.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's first Java code block is the loop in {@link ReadmeExample} (which the build compiles), line for
 * line after normalising indentation, so that the two cannot drift apart.
 */
class ReadmeExampleTest {
    private static final String BEGIN = "// --- README example begins ---";
    private static final String END = "// --- README example ends ---";

    @Test
    void theReadmeShowsExactlyTheLoopOfReadmeExample() throws IOException {
        Path module = moduleDirectory();
        List<String> readme = firstJavaBlock(Files.readAllLines(module.resolveSibling("README.md")
                .toAbsolutePath().normalize(), StandardCharsets.UTF_8));
        List<String> code = between(Files.readAllLines(module.resolve(
                "src/main/java/io/neurite/examples/ReadmeExample.java"), StandardCharsets.UTF_8));
        assertTrue(code.size() >= 15, "the example has " + code.size() + " lines between the markers");
        assertEquals(String.join("\n", code), String.join("\n", readme),
                "README.md's first ```java block and ReadmeExample.java (between the markers) differ; change both");
    }

    @Test
    void normalisingIgnoresIndentationOnly() {
        assertEquals(List.of("a();", "", "b(1,  2);"), normalise(List.of("    a();  ", "", "\tb(1,  2);")));
    }

    /** The module's directory: Maven's {@code basedir}, else the working directory. */
    private static Path moduleDirectory() {
        String basedir = System.getProperty("basedir");
        Path dir = Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(dir.resolve("src/main/java/io/neurite/examples")) ? dir : dir.resolve("nn-examples");
    }

    private static List<String> firstJavaBlock(List<String> lines) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (start < 0 && line.equals("```java")) {
                start = i + 1;
            } else if (start >= 0 && line.equals("```")) {
                return normalise(lines.subList(start, i));
            }
        }
        throw new AssertionError("README.md has no complete ```java block");
    }

    private static List<String> between(List<String> lines) {
        int begin = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.equals(BEGIN)) {
                begin = i + 1;
            } else if (line.equals(END) && begin >= 0) {
                return normalise(lines.subList(begin, i));
            }
        }
        throw new AssertionError("ReadmeExample.java lacks the markers '" + BEGIN + "' and '" + END + "'");
    }

    /** Each line stripped of leading and trailing white space (the README is not indented like the method). */
    private static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.strip());
        }
        return out;
    }
}
