package ru.vitrina.opendata.v3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.frictionless.DataPackages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v3.0 files (and the Frictionless descriptor) of a fixed data set with three versions and two structures, byte
 * for byte against reviewed golden files (src/test/resources/.../v3/golden). A mismatch writes the actual file to target/golden-actual for review.
 */
class V3FilesGoldenTest {
    static final String BASE = V3FilesGoldenTestFixture.BASE;

    static String actual(String file) {
        Passport passport = new Passport(V3FilesGoldenTestFixture.dataSet(), V3FilesGoldenTestFixture.versions(), BASE + "7000000885-Morbidity/");
        PassportFiles files = new PassportFiles();
        Catalogue catalogue = new Catalogue("tomsk-oblast", new LocalizedText("Администрация Томской области", "Administration"),
                "7000000885", List.of(V3FilesGoldenTestFixture.dataSet()));
        switch (file) {
            case "meta.csv":
                return files.csv(passport);
            case "meta.json":
                return files.json(passport);
            case "meta.xml":
                return files.xml(passport);
            case "list.csv":
                return new ListFiles().csv(catalogue, BASE);
            case "list.xml":
                return new ListFiles().xml(catalogue, BASE);
            case "list.json":
                return new ListFiles().json(catalogue, BASE);
            case "structure-20261120.csv":
                return StructureFile.write(V3FilesGoldenTestFixture.NEW_FIELDS);
            case "datapackage.json":
                return new DataPackages().text(V3FilesGoldenTestFixture.dataSet(), V3FilesGoldenTestFixture.versions(),
                        BASE + "7000000885-Morbidity/");
            default:
                throw new IllegalArgumentException(file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"meta.csv", "meta.json", "meta.xml", "list.csv", "list.xml", "list.json", "structure-20261120.csv", "datapackage.json"})
    void fileMatchesItsGoldenCopy(String file) throws IOException {
        String actual = actual(file);
        String expected;
        try (InputStream in = V3FilesGoldenTest.class.getResourceAsStream("golden/" + file)) {
            expected = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!actual.equals(expected)) {
            Path dump = Path.of("target", "golden-actual", file);
            Files.createDirectories(dump.getParent());
            Files.writeString(dump, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("golden/" + file + " (actual written to target/golden-actual)").isEqualTo(expected);
    }
}
