package ru.vitrina.ingest.population;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.load.TableCounts;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmissPopulationLoadTest {
    @AutoClose
    private final Store store = TestLoad.withReferenceData(Store.inMemory());

    @TempDir
    Path folder;

    private Path simulated(long seed) throws Exception {
        Path file = folder.resolve("emiss_" + seed + ".xml");
        try (Connection connection = store.connect()) {
            EmissPopulationSimulator.fromReference(connection, seed).write(file);
        }
        return file;
    }

    @Test
    void loadsEveryFigureOfTheExportAsPublished() throws Exception {
        Path file = simulated(7);
        try (Connection connection = store.connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE estimates AS SELECT oktmo, year, population FROM ref.population");
        }
        int figures;
        try (Connection connection = store.connect()) {
            figures = EmissPopulationSimulator.fromReference(connection, 7).figures().size();
        }

        TestLoad.Result result = TestLoad.run(store, new EmissPopulationLoad(file));

        assertThat(result.counts()).containsExactly(new TableCounts("ref.population", figures, figures, 0));
        assertThat(result.rejections()).isEmpty();
        assertThat(result.sources()).containsOnlyKeys("emiss_7.xml");
        assertThat(TestLoad.count(store, "ref.population WHERE NOT estimated AND source = 'ЕМИСС' AND load_id = "
                + result.loadId())).isEqualTo(figures);
        // The seed moves figures by at most half a percent, as a revision would.
        assertThat(TestLoad.single(store, "SELECT max(abs(p.population - e.population) / e.population) < 0.006"
                + " FROM ref.population p JOIN estimates e USING (oktmo, year)")).isEqualTo("true");
    }

    @Test
    void theSameSeedWritesTheSameFile() throws Exception {
        assertThat(Files.readAllBytes(simulated(3))).isEqualTo(Files.readAllBytes(folder.resolve("emiss_3.xml")));
        Path again = folder.resolve("again.xml");
        try (Connection connection = store.connect()) {
            EmissPopulationSimulator.fromReference(connection, 3).write(again);
        }
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(folder.resolve("emiss_3.xml")));
    }

    @Test
    void rerunningTheSameExportChangesNothing() throws Exception {
        Path file = simulated(11);
        TestLoad.Result first = TestLoad.run(store, new EmissPopulationLoad(file));
        String fingerprint = TestLoad.fingerprint(store, "ref.population");

        TestLoad.Result second = TestLoad.run(store, new EmissPopulationLoad(file));

        assertThat(second.counts()).isEqualTo(first.counts());
        assertThat(TestLoad.fingerprint(store, "ref.population")).isEqualTo(fingerprint);
    }

    @Test
    void brokenObservationsAreQuarantinedWithTheirLineAndReason() throws Exception {
        Path file = folder.resolve("emiss_broken.xml");
        try (InputStream in = getClass().getResourceAsStream("emiss_broken.xml")) {
            Files.copy(in, file);
        }
        long before = TestLoad.count(store, "ref.population");

        TestLoad.Result result = TestLoad.run(store, new EmissPopulationLoad(file));

        assertThat(result.counts()).containsExactly(new TableCounts("ref.population", 9, 3, 6));
        assertThat(result.rejections()).extracting(r -> r.location().position() + " " + r.reason().split(" / ")[0])
                .startsWith(
                        "line 9 Повтор: второе значение для ОКТМО 69701000 за 2025",
                        "line 10 Год не число: «20x5»",
                        "line 11 Численность должна быть целым положительным числом: -5",
                        "line 12 Значение не число: «много»",
                        "line 16 Неизвестный ОКТМО 99999000");
        assertThat(result.rejections().get(5).location().position()).isEqualTo("line 22, column 15");
        assertThat(result.rejections().get(5).reason()).startsWith("Повреждённый XML").contains("malformed XML");
        assertThat(result.rejections()).allSatisfy(r -> {
            assertThat(r.table()).isEqualTo("ref.population");
            assertThat(r.location().source()).isEqualTo("emiss_broken.xml");
        });
        assertThat(TestLoad.strings(store, "SELECT oktmo || ' ' || year || ' ' || population FROM ref.population"
                + " WHERE source = 'ЕМИСС' ORDER BY 1"))
                .containsExactly("69701000 2024 568508", "69701000 2025 567000", "69741000 2024 105500");
        // Replaced, not added: the three figures existed as estimates before.
        assertThat(TestLoad.count(store, "ref.population")).isEqualTo(before);
        assertThat(TestLoad.count(store, "meta.quarantine WHERE job = 'population'")).isEqualTo(6);
    }

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:GenericData"
            + " xmlns:message=\"http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message\""
            + " xmlns:generic=\"http://www.SDMX.org/resources/SDMXML/schemas/v2_0/generic\">\n"
            + "<message:Header><message:ID>31557</message:ID></message:Header>\n";

    @Test
    void anObservationOutsideASeriesAndAnOverlongNumberAreQuarantined() throws Exception {
        Path file = folder.resolve("emiss_outside.xml");
        Files.writeString(file, HEAD + "<message:DataSet>\n"
                + "<generic:Series><generic:SeriesKey><generic:Value concept=\"OKTMO\" value=\"69701000\"/></generic:SeriesKey>\n"
                + "<generic:Obs><generic:ObsDimension value=\"2024\"/><generic:ObsValue value=\"568508\"/></generic:Obs>\n"
                + "<generic:Obs><generic:ObsDimension value=\"2025\"/><generic:ObsValue value=\"99999999999999999999\"/></generic:Obs>\n"
                + "</generic:Series>\n"
                + "<generic:Obs><generic:ObsDimension value=\"2023\"/><generic:ObsValue value=\"570000\"/></generic:Obs>\n"
                + "<generic:Series><generic:SeriesKey><generic:Value concept=\"OKTMO\" value=\"69741000\"/></generic:SeriesKey>\n"
                + "<generic:Obs><generic:ObsDimension value=\"2024\"/><generic:ObsValue value=\"" + "1".repeat(3 << 20)
                + "\"/></generic:Obs>\n"
                + "</generic:Series>\n</message:DataSet>\n</message:GenericData>\n");

        TestLoad.Result result = TestLoad.run(store, new EmissPopulationLoad(file));

        assertThat(result.counts()).containsExactly(new TableCounts("ref.population", 4, 1, 3));
        assertThat(result.rejections()).extracting(r -> r.location().position() + " " + r.reason())
                .containsExactly(
                        "line 7 Число вне допустимого диапазона (больше 9223372036854775807): 99999999999999999999 / number out of range",
                        "line 9 Наблюдение вне ряда (generic:Series), ОКТМО неизвестен / observation outside any series, no OKTMO",
                        "line 11 Слишком длинное значение (больше 1 МБ), не прочитано / value too long (over 1 MB), not read");
        assertThat(result.rejections().get(1).raw()).isEqualTo("OKTMO=null; year=2023; value=570000");
        assertThat(TestLoad.strings(store, "SELECT oktmo || ' ' || year || ' ' || population FROM ref.population"
                + " WHERE source = 'ЕМИСС'")).containsExactly("69701000 2024 568508");
    }

    @Test
    void aFileThatIsNotAnSdmxMessageFailsTheLoadAndChangesNothing() throws Exception {
        String before = TestLoad.fingerprint(store, "ref.population");
        Path html = folder.resolve("page.xml");
        Files.writeString(html, "<html><head><title>404</title></head><body><p>Страница не найдена</p></body></html>");
        Path broken = folder.resolve("broken.xml");
        Files.writeString(broken, "<!DOCTYPE html>\n<html><meta charset=utf-8><p>нет</html>");
        Path headerOnly = folder.resolve("header.xml");
        Files.writeString(headerOnly, HEAD + "<message:DataSet/>\n</message:GenericData>\n");

        assertThatThrownBy(() -> TestLoad.run(store, new EmissPopulationLoad(html)))
                .hasMessage("Файл page.xml не сообщение SDMX-ML ЕМИСС: ожидался корневой элемент <message:GenericData>,"
                        + " а в файле <html> / page.xml is not an ЕМИСС SDMX-ML message: expected the root element"
                        + " <message:GenericData>");
        assertThatThrownBy(() -> TestLoad.run(store, new EmissPopulationLoad(broken)))
                .hasMessageStartingWith("Файл broken.xml не сообщение SDMX-ML ЕМИСС").hasMessageNotContaining("Exception");
        assertThatThrownBy(() -> TestLoad.run(store, new EmissPopulationLoad(headerOnly)))
                .hasMessage("В сообщении SDMX header.xml нет ни одного наблюдения (generic:Obs), данные не изменены / the"
                        + " SDMX message header.xml holds no observation (generic:Obs), nothing changed");
        assertThat(TestLoad.fingerprint(store, "ref.population")).isEqualTo(before);
        assertThat(TestLoad.count(store, "meta.load WHERE job = 'population'")).isZero();
    }

    @Test
    void countsAddUpForEveryTable() throws Exception {
        TestLoad.Result result = TestLoad.run(store, new EmissPopulationLoad(simulated(0)));
        List<TableCounts> counts = result.counts();
        assertThat(counts).allSatisfy(c -> assertThat(c.read()).isEqualTo(c.loaded() + c.quarantined()));
    }
}
