package ru.vitrina.opendata.v3;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.dataset.FieldType;
import ru.vitrina.opendata.dataset.Licence;
import ru.vitrina.opendata.dataset.Publisher;
import ru.vitrina.opendata.publish.PublishedVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v3.0 files of a fixed data set with two versions and two structures, byte for byte against reviewed golden
 * files (src/test/resources/.../v3/golden). A mismatch writes the actual file to target/golden-actual for review.
 */
class V3FilesGoldenTest {
    static final String BASE = "https://opendata.example.ru/opendata/";

    static final List<Field> OLD_FIELDS = List.of(
            new Field("municipality", "Муниципальное образование (ОКТМО)", "Municipal formation (OKTMO)", FieldType.STRING, 0),
            new Field("cases", "Зарегистрировано заболеваний", "Registered cases", FieldType.INTEGER, 0));
    static final List<Field> NEW_FIELDS = List.of(
            new Field("municipality", "Муниципальное образование (ОКТМО)", "Municipal formation (OKTMO)", FieldType.STRING, 0),
            new Field("report_month_month", "Отчётный месяц", "Report month", FieldType.DATE, 0),
            new Field("cases", "Зарегистрировано заболеваний", "Registered cases", FieldType.INTEGER, 0),
            new Field("cases_per_100000", "Заболеваемость на 100 000 населения, \"на 100 000 чел.\"", "Cases per 100 000 population",
                    FieldType.NUMBER, 1));

    static DataSet dataSet() {
        return new DataSet("Morbidity", "7000000885", new LocalizedText("Заболеваемость населения", "Morbidity"),
                new LocalizedText("Число заболеваний, с впервые установленным диагнозом", "Newly diagnosed cases"),
                new LocalizedText("Администрация Томской области", "Administration of Tomsk Oblast"),
                List.of("здравоохранение", "заболеваемость"), new Publisher("Иванова Мария Петровна", "+73822510000", "opendata@tomsk.gov.ru"),
                new LocalizedText("ежемесячно", "monthly"), 45,
                new Licence("cc-by", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/legalcode.ru"),
                JsonNodeFactory.instance.objectNode(), null);
    }

    static List<PublishedVersion> versions() {
        return List.of(
                new PublishedVersion("7000000885-Morbidity", LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 20), "bb", 40, 900, 3, 7,
                        Instant.parse("2026-11-20T03:00:00Z"), "Обновление данных (версия данных 7: загрузка за октябрь)", NEW_FIELDS),
                new PublishedVersion("7000000885-Morbidity", LocalDate.of(2026, 10, 15), LocalDate.of(2026, 10, 1), "aa", 20, 400, 0, 5,
                        Instant.parse("2026-10-15T03:00:00Z"), "Обновление данных (версия данных 5)", OLD_FIELDS),
                new PublishedVersion("7000000885-Morbidity", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 1), "99", 10, 200, 0, 4,
                        Instant.parse("2026-10-01T03:00:00Z"), "Первая публикация", OLD_FIELDS));
    }

    static String actual(String file) {
        Passport passport = new Passport(dataSet(), versions(), BASE + "7000000885-Morbidity/");
        PassportFiles files = new PassportFiles();
        Catalogue catalogue = new Catalogue("tomsk-oblast", new LocalizedText("Администрация Томской области", "Administration"),
                "7000000885", List.of(dataSet()));
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
            case "structure-20261120.csv":
                return StructureFile.write(NEW_FIELDS);
            default:
                throw new IllegalArgumentException(file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"meta.csv", "meta.json", "meta.xml", "list.csv", "list.xml", "structure-20261120.csv"})
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
