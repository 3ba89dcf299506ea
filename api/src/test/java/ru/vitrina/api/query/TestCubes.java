package ru.vitrina.api.query;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Cube folders for tests that need a cube of their own. */
final class TestCubes {
    private TestCubes() {
    }

    /**
     * A new folder with the shipped cubes (the shipped dashboards are checked against them at start) and one more,
     * {@code name}.yaml with this text.
     */
    static Path shippedAnd(String name, String yaml) throws IOException {
        Path cubes = Files.createTempDirectory("cubes");
        for (String shipped : List.of("budget", "procurement", "health", "health_resources", "labour", "population")) {
            try (InputStream in = TestCubes.class.getClassLoader().getResourceAsStream("cubes/" + shipped + ".yaml")) {
                Files.copy(in, cubes.resolve(shipped + ".yaml"));
            }
        }
        Files.writeString(cubes.resolve(name + ".yaml"), yaml);
        return cubes;
    }
}
