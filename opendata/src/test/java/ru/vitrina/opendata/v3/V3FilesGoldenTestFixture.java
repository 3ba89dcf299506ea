package ru.vitrina.opendata.v3;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.dataset.FieldType;
import ru.vitrina.opendata.dataset.Licence;
import ru.vitrina.opendata.dataset.Publisher;
import ru.vitrina.opendata.dataset.Source;
import ru.vitrina.opendata.publish.PublishedVersion;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;


/** A fixed data set with three versions and two structures, shared by the golden and the Frictionless tests. */
public final class V3FilesGoldenTestFixture {
    private V3FilesGoldenTestFixture() {
    }

    public static final String BASE = "https://opendata.example.ru/opendata/";

    public static final List<Field> OLD_FIELDS = List.of(
            new Field("municipality", "Муниципальное образование (ОКТМО)", "Municipal formation (OKTMO)", FieldType.STRING, 0),
            new Field("cases", "Зарегистрировано заболеваний", "Registered cases", FieldType.INTEGER, 0));
    public static final List<Field> NEW_FIELDS = List.of(
            new Field("municipality", "Муниципальное образование (ОКТМО)", "Municipal formation (OKTMO)", FieldType.STRING, 0),
            new Field("report_month_month", "Отчётный месяц", "Report month", FieldType.DATE, 0),
            new Field("cases", "Зарегистрировано заболеваний", "Registered cases", FieldType.INTEGER, 0),
            new Field("cases_per_100000", "Заболеваемость на 100 000 населения, \"на 100 000 чел.\"", "Cases per 100 000 population",
                    FieldType.NUMBER, 1));

    public static DataSet dataSet() {
        return new DataSet("Morbidity", "7000000885", new LocalizedText("Заболеваемость населения", "Morbidity"),
                new LocalizedText("Число заболеваний, с впервые установленным диагнозом", "Newly diagnosed cases"),
                new LocalizedText("Администрация Томской области", "Administration of Tomsk Oblast"),
                List.of("здравоохранение", "заболеваемость"), new Publisher("Иванова Мария Петровна", "+73822510000", "opendata@tomsk.gov.ru"),
                new LocalizedText("ежемесячно", "monthly"), 45,
                new Licence("cc-by", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/legalcode.ru"),
                new Source(new LocalizedText("Ежемесячные отчёты медицинских организаций", "Monthly reports of medical organisations"), null),
                JsonNodeFactory.instance.objectNode(), null);
    }

    public static List<PublishedVersion> versions() {
        return List.of(
                new PublishedVersion("7000000885-Morbidity", LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 20), "bb", 40, 900, 3, 7,
                        Instant.parse("2026-11-20T03:00:00Z"), "Обновление данных (версия данных 7: загрузка за октябрь)", NEW_FIELDS),
                new PublishedVersion("7000000885-Morbidity", LocalDate.of(2026, 10, 15), LocalDate.of(2026, 10, 1), "aa", 20, 400, 0, 5,
                        Instant.parse("2026-10-15T03:00:00Z"), "Обновление данных (версия данных 5)", OLD_FIELDS),
                new PublishedVersion("7000000885-Morbidity", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 1), "99", 10, 200, 0, 4,
                        Instant.parse("2026-10-01T03:00:00Z"), "Первая публикация", OLD_FIELDS));
    }

}
