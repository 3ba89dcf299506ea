package ru.vitrina.ingest.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.TestLoad;
import ru.vitrina.ingest.reference.ReferenceData;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HealthReportLoadTest {
    private static final YearMonth MARCH = YearMonth.of(2024, 3);
    private static final Pattern WHOLE = Pattern.compile("-?\\d+");

    private Store store;

    @TempDir
    Path folder;

    @BeforeEach
    void referenceData() {
        store = Store.inMemory();
        new ReferenceData().publish(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private HealthReportSimulator simulator(long seed) throws Exception {
        try (Connection connection = store.connect()) {
            return HealthReportSimulator.fromReference(connection, seed);
        }
    }

    @Test
    void loadsEveryCellOfTheSimulatedWorkbooksWithTerritoriesMatchedByName() throws Exception {
        HealthReportSimulator simulator = simulator(5);
        Path drop = Files.createDirectories(folder.resolve("drop"));
        simulator.writeWorkbooks(drop, YearMonth.of(2024, 1), MARCH);

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(drop));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 1200, 1200, 0),
                new TableCounts(HealthReportLoad.RESOURCES, 60, 60, 0));
        assertThat(result.sources()).containsOnlyKeys("minzdrav_2024-01.xlsx", "minzdrav_2024-02.xlsx", "minzdrav_2024-03.xlsx");
        // Names the clerks wrote differently from ref.territory, and rows without an OKTMO, were all placed.
        List<HealthReportSimulator.Row> march = simulator.report(MARCH);
        assertThat(march).anyMatch(row -> !row.oktmoWritten());
        List<String> referenceNames = TestLoad.strings(store, "SELECT name_ru FROM ref.territory WHERE level = 2");
        assertThat(march).anyMatch(row -> !referenceNames.contains(row.writtenName()));
        for (HealthReportSimulator.Row row : march) {
            assertThat(TestLoad.single(store, "SELECT string_agg(cases::VARCHAR, ',' ORDER BY c.ordinal) FROM"
                    + " health.morbidity m JOIN (SELECT unnest(" + chapterList() + ") AS code, generate_subscripts("
                    + chapterList() + ", 1) AS ordinal) c ON c.code = m.icd10_chapter"
                    + " WHERE m.report_month = DATE '2024-03-01' AND m.oktmo = '" + row.oktmo() + "'"))
                    .isEqualTo(String.join(",", row.cases().stream().map(String::valueOf).toList()));
            assertThat(TestLoad.single(store, "SELECT hospital_beds || ',' || doctors || ',' || deaths FROM health.resources"
                    + " WHERE report_month = DATE '2024-03-01' AND oktmo = '" + row.oktmo() + "'"))
                    .isEqualTo(row.beds() + "," + row.doctors() + "," + row.deaths());
        }
        // Population is the municipality's for the report year, on every row.
        assertThat(TestLoad.count(store, "health.morbidity m JOIN ref.population p ON p.oktmo = m.oktmo AND p.year = 2024"
                + " WHERE m.population <> p.population")).isZero();
    }

    @Test
    void theChecksumRecordedForAFileIsTheSha256OfItsBytes() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("drop"));
        simulator(5).writeWorkbook(drop.resolve("minzdrav_2024-03.xlsx"), MARCH);
        simulator(5).writeMorbidityCsv(drop.resolve("zabolevaemost_2024-04.csv"), MARCH.plusMonths(1));

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(drop));

        // Workbooks are hashed from the bytes the reader parses; this recomputes it from the file on disk.
        assertThat(result.sources()).containsOnly(
                Map.entry("minzdrav_2024-03.xlsx", sha256(drop.resolve("minzdrav_2024-03.xlsx"))),
                Map.entry("zabolevaemost_2024-04.csv", sha256(drop.resolve("zabolevaemost_2024-04.csv"))));
        assertThat(TestLoad.strings(store, "SELECT sha256 FROM meta.load_source WHERE load_id = " + result.loadId()
                + " ORDER BY name"))
                .containsExactly(sha256(drop.resolve("minzdrav_2024-03.xlsx")), sha256(drop.resolve("zabolevaemost_2024-04.csv")));
    }

    @Test
    void readingOnSeveralThreadsLoadsAndQuarantinesExactlyWhatOneThreadDoes() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("drop"));
        simulator(5).writeWorkbooks(drop, YearMonth.of(2024, 1), YearMonth.of(2024, 6));
        // Order decides which of two reports of March loads and which is quarantined as a repeat: the corrected one
        // sorts after the first, so its rows are the repeats whatever thread read it first.
        simulator(9).writeWorkbook(drop.resolve("minzdrav_2024-03_corrected.xlsx"), MARCH);
        Files.write(drop.resolve("minzdrav_2024-04_damaged.xlsx"), java.util.Arrays.copyOf(
                Files.readAllBytes(drop.resolve("minzdrav_2024-04.xlsx")), 1000));
        simulator(5).writeMorbidityCsv(drop.resolve("minzdrav_2024-07.csv"), MARCH.plusMonths(4));

        List<String> outcomes = new ArrayList<>();
        // One thread, two and three; and three threads allowed one byte ahead, which leaves one file read at a time.
        int[][] settings = {{1, 16 << 20}, {2, 16 << 20}, {3, 16 << 20}, {3, 1}};
        for (int[] setting : settings) {
            try (Store another = Store.inMemory()) {
                new ReferenceData().publish(another);
                TestLoad.Result result = TestLoad.run(another, new HealthReportLoad(drop, setting[0], setting[1]));
                assertThat(result.counts().get(0).read()).isEqualTo(result.counts().get(0).loaded()
                        + result.counts().get(0).quarantined());
                outcomes.add(result.counts() + "\n" + result.rejections() + "\n" + result.sources() + "\n"
                        + TestLoad.fingerprint(another, HealthReportLoad.MORBIDITY) + " "
                        + TestLoad.fingerprint(another, HealthReportLoad.RESOURCES));
            }
        }
        assertThat(outcomes.get(0)).contains("minzdrav_2024-03_corrected.xlsx", "Повтор", "minzdrav_2024-04_damaged.xlsx",
                "Файл не читается");
        assertThat(outcomes).allMatch(outcome -> outcome.equals(outcomes.get(0)));
    }

    @Test
    void aCollectionOfMonthsInOneWorkbookLoadsWhatTheMonthlyWorkbooksLoad() throws Exception {
        Path monthly = Files.createDirectories(folder.resolve("monthly"));
        simulator(5).writeWorkbooks(monthly, YearMonth.of(2024, 1), MARCH);
        Path collection = folder.resolve("minzdrav_2024-q1.xlsx");
        simulator(5).writeCollection(collection, YearMonth.of(2024, 1), MARCH);

        TestLoad.Result one = TestLoad.run(store, new HealthReportLoad(collection));
        String morbidity = TestLoad.fingerprint(store, HealthReportLoad.MORBIDITY);
        String resources = TestLoad.fingerprint(store, HealthReportLoad.RESOURCES);
        try (Store another = Store.inMemory()) {
            new ReferenceData().publish(another);
            TestLoad.Result three = TestLoad.run(another, new HealthReportLoad(monthly));
            assertThat(one.counts()).isEqualTo(three.counts());
            assertThat(TestLoad.fingerprint(another, HealthReportLoad.MORBIDITY)).isEqualTo(morbidity);
            assertThat(TestLoad.fingerprint(another, HealthReportLoad.RESOURCES)).isEqualTo(resources);
        }
        assertThat(one.rejections()).isEmpty();
        assertThat(one.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 1200, 1200, 0),
                new TableCounts(HealthReportLoad.RESOURCES, 60, 60, 0));
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    @Test
    void theSimulatorIsDeterministicAndSpellsNamesSeveralWays() throws Exception {
        HealthReportSimulator simulator = simulator(5);
        List<String> tomsk = Stream.iterate(YearMonth.of(2024, 1), m -> m.plusMonths(1)).limit(12)
                .flatMap(m -> simulator.report(m).stream()).filter(r -> r.oktmo().equals("69701000"))
                .map(HealthReportSimulator.Row::writtenName).distinct().toList();
        assertThat(tomsk).containsExactlyInAnyOrder("Томск", "г. Томск", "город Томск");
        assertThat(simulator.report(MARCH)).isEqualTo(simulator(5).report(MARCH));
        assertThat(simulator.report(MARCH)).isNotEqualTo(simulator(6).report(MARCH));
        Path first = folder.resolve("a.xlsx");
        Path second = folder.resolve("b.xlsx");
        simulator.writeWorkbook(first, MARCH);
        simulator(5).writeWorkbook(second, MARCH);
        assertThat(cells(first)).isEqualTo(cells(second));
    }

    @Test
    void readsCountsAsFormsPrintThemWhetherPlainDigitsOrNot() {
        assertThat(HealthReportLoad.count("0")).isEqualTo(HealthReportLoad.count("–"));
        assertThat(HealthReportLoad.count("0012").value()).isEqualTo(12L);
        assertThat(HealthReportLoad.count("999999999999999999").value()).isEqualTo(999_999_999_999_999_999L);
        // 19 digits and more leave the digits-only reading: still a long up to its maximum, then too large.
        assertThat(HealthReportLoad.count("9223372036854775807").value()).isEqualTo(Long.MAX_VALUE);
        assertThat(HealthReportLoad.count("9223372036854775808").problem()).contains("too large");
        assertThat(HealthReportLoad.count("12\u00a0345").value()).isEqualTo(12_345L);
        assertThat(HealthReportLoad.count("7,0").value()).isEqualTo(7L);
        assertThat(HealthReportLoad.count("7,5").problem()).contains("not a whole number");
        assertThat(HealthReportLoad.count("-3").problem()).contains("negative");
        assertThat(HealthReportLoad.count("3a").problem()).contains("not a number");
        assertThat(HealthReportLoad.count(" ").problem()).contains("empty cell");
    }

    @Test
    void rerunningTheSameFilesSkipsThemAndANewVersionOfAMonthReplacesIt() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("drop"));
        simulator(5).writeWorkbook(drop.resolve("minzdrav_2024-03.xlsx"), MARCH);
        TestLoad.run(store, new HealthReportLoad(drop));
        String morbidity = TestLoad.fingerprint(store, HealthReportLoad.MORBIDITY);

        TestLoad.Result again = TestLoad.run(store, new HealthReportLoad(drop));
        assertThat(again.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 0, 0, 0),
                new TableCounts(HealthReportLoad.RESOURCES, 0, 0, 0));
        assertThat(TestLoad.fingerprint(store, HealthReportLoad.MORBIDITY)).isEqualTo(morbidity);

        // The ministry resends March with corrected figures (another seed): it replaces March, no row twice.
        simulator(9).writeWorkbook(drop.resolve("minzdrav_2024-03_corrected.xlsx"), MARCH);
        TestLoad.Result corrected = TestLoad.run(store, new HealthReportLoad(drop));
        assertThat(corrected.counts().get(0).loaded()).isEqualTo(400);
        assertThat(TestLoad.count(store, "health.morbidity")).isEqualTo(400);
        assertThat(TestLoad.count(store, "health.resources")).isEqualTo(20);
        assertThat(TestLoad.count(store, "health.morbidity WHERE load_id = " + corrected.loadId())).isEqualTo(400);
        assertThat(TestLoad.fingerprint(store, HealthReportLoad.MORBIDITY)).isNotEqualTo(morbidity);
    }

    @Test
    void aCp1251CsvFormLoadsTheSameFiguresAsTheWorkbook() throws Exception {
        HealthReportSimulator simulator = simulator(5);
        Path csv = folder.resolve("zabolevaemost_2024-03.csv");
        simulator.writeMorbidityCsv(csv, MARCH);
        assertThat(new String(Files.readAllBytes(csv), ru.vitrina.ingest.budget.TreasuryCsv.CP1251))
                .startsWith("Сведения о заболеваемости;Отчётный период: 03.2024");

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(csv));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 400, 400, 0),
                new TableCounts(HealthReportLoad.RESOURCES, 0, 0, 0));
        long expected = simulator.report(MARCH).stream().flatMap(r -> r.cases().stream()).mapToLong(Long::longValue).sum();
        assertThat(TestLoad.single(store, "SELECT sum(cases) FROM health.morbidity")).isEqualTo(Long.toString(expected));
    }

    @Test
    void aBrokenCsvLineIsQuarantinedWithItsLineNumber() throws Exception {
        Path csv = folder.resolve("broken.csv");
        simulator(5).writeMorbidityCsv(csv, MARCH);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, ru.vitrina.ingest.budget.TreasuryCsv.CP1251));
        lines.set(4, "\"Асиновский район;69608000;1;2");
        Files.write(csv, lines, ru.vitrina.ingest.budget.TreasuryCsv.CP1251);

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(csv));

        assertThat(result.counts().get(0)).isEqualTo(new TableCounts(HealthReportLoad.MORBIDITY, 381, 380, 1));
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.location().position()).isEqualTo("строка 5 / line 5");
            assertThat(r.reason()).startsWith("Строка CSV не разбирается / the CSV line cannot be split: Незакрытая кавычка");
        });
    }

    static Stream<JsonNode> brokenWorkbooks() throws IOException {
        try (InputStream in = HealthReportLoadTest.class.getResourceAsStream("broken-workbooks.yaml")) {
            JsonNode cases = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<JsonNode> list = new ArrayList<>();
            cases.forEach(list::add);
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenWorkbooks")
    void aBrokenWorkbookLoadsExactlyWhatIsSound(JsonNode brokenCase) throws Exception {
        Path file = folder.resolve("minzdrav_2024-03.xlsx");
        simulator(5).writeWorkbook(file, MARCH);
        edit(file, brokenCase.get("edits"));

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(file));

        assertThat(result.counts()).containsExactly(
                expected(HealthReportLoad.MORBIDITY, brokenCase.get("morbidity")),
                expected(HealthReportLoad.RESOURCES, brokenCase.get("resources")));
        List<String> reasons = result.rejections().stream().map(r -> r.reason()).distinct().toList();
        if (brokenCase.has("reasons_start")) {
            assertThat(reasons).singleElement().asString().startsWith(brokenCase.get("reasons_start").get(0).asText());
        } else {
            assertThat(reasons).containsExactlyInAnyOrderElementsOf(texts(brokenCase.get("reasons")));
        }
        assertThat(TestLoad.strings(store, "SELECT rule FROM meta.quality WHERE severity = 'warning' ORDER BY rule"))
                .containsExactlyElementsOf(texts(brokenCase.get("warnings")));
        if (brokenCase.has("check")) {
            assertThat(TestLoad.single(store, brokenCase.get("check").get("sql").asText()))
                    .isEqualTo(brokenCase.get("check").get("equals").asText());
        }
        assertThat(TestLoad.count(store, "health.morbidity")).isEqualTo(brokenCase.get("morbidity").get("loaded").asLong());
        assertThat(TestLoad.count(store, "health.resources")).isEqualTo(brokenCase.get("resources").get("loaded").asLong());
    }

    private static TableCounts expected(String table, JsonNode counts) {
        long loaded = counts.get("loaded").asLong();
        long quarantined = counts.get("quarantined").asLong();
        return new TableCounts(table, loaded + quarantined, loaded, quarantined);
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        if (list != null) {
            list.forEach(item -> texts.add(item.asText()));
        }
        return texts;
    }

    private static String chapterList() {
        return "['" + String.join("', '", HealthReportSimulator.chapters()) + "']";
    }

    /** Every sheet's cells by address, as the loader reads them. */
    private static Map<String, Map<Integer, List<String>>> cells(Path file) throws IOException {
        Map<String, Map<Integer, List<String>>> sheets = new TreeMap<>();
        for (Grid grid : HealthReportLoad.grids(file)) {
            Map<Integer, List<String>> rows = new TreeMap<>();
            grid.rows().forEach(line -> rows.put(line.number(), line.cells()));
            sheets.put(grid.sheet(), rows);
        }
        return sheets;
    }

    /** Applies a case's edits to the workbook: read as grids, changed, written back (merged ranges become plain cells). */
    private static void edit(Path file, JsonNode edits) throws IOException {
        Map<String, Map<Integer, List<String>>> sheets = new java.util.LinkedHashMap<>();
        for (Grid grid : HealthReportLoad.grids(file)) {
            Map<Integer, List<String>> rows = new TreeMap<>();
            grid.rows().forEach(line -> rows.put(line.number(), new ArrayList<>(line.cells())));
            sheets.put(grid.sheet(), rows);
        }
        for (JsonNode edit : edits) {
            if (edit.has("truncate")) {
                byte[] bytes = Files.readAllBytes(file);
                Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
                return;
            }
            if (edit.has("drop_sheet")) {
                sheets.remove(edit.get("drop_sheet").asText());
            } else if (edit.has("set")) {
                JsonNode set = edit.get("set");
                Map<Integer, List<String>> rows = sheets.get(set.get("sheet").asText());
                String cell = set.get("cell").asText();
                int column = cell.charAt(0) - 'A';
                int row = Integer.parseInt(cell.substring(1));
                List<String> cells = rows.computeIfAbsent(row, r -> new ArrayList<>());
                while (cells.size() <= column) {
                    cells.add("");
                }
                cells.set(column, set.get("value").asText());
            } else if (edit.has("insert_rows")) {
                JsonNode insert = edit.get("insert_rows");
                Map<Integer, List<String>> rows = sheets.get(insert.get("sheet").asText());
                int above = insert.get("above").asInt();
                int count = insert.get("count").asInt();
                Map<Integer, List<String>> shifted = new TreeMap<>();
                rows.forEach((number, cells) -> shifted.put(number >= above ? number + count : number, cells));
                shifted.put(above, new ArrayList<>(List.of("Примечание: данные предварительные")));
                rows.clear();
                rows.putAll(shifted);
            } else if (edit.has("insert_columns")) {
                JsonNode insert = edit.get("insert_columns");
                int before = insert.get("before").asText().charAt(0) - 'A';
                for (List<String> cells : sheets.get(insert.get("sheet").asText()).values()) {
                    for (int i = 0; i < insert.get("count").asInt() && before <= cells.size(); i++) {
                        cells.add(before, "");
                    }
                }
            } else if (edit.has("copy_row")) {
                JsonNode copy = edit.get("copy_row");
                Map<Integer, List<String>> rows = sheets.get(copy.get("sheet").asText());
                int last = ((TreeMap<Integer, List<String>>) rows).lastKey();
                List<String> total = rows.get(last);
                rows.put(last, new ArrayList<>(rows.get(copy.get("row").asInt())));
                rows.put(last + 1, total);
            } else {
                throw new AssertionError("unknown edit " + edit);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook workbook = new Workbook(out, "test", "1.0");
            for (Map.Entry<String, Map<Integer, List<String>>> sheet : sheets.entrySet()) {
                Worksheet worksheet = workbook.newWorksheet(sheet.getKey());
                for (Map.Entry<Integer, List<String>> row : sheet.getValue().entrySet()) {
                    Iterator<String> cells = row.getValue().iterator();
                    for (int c = 0; cells.hasNext(); c++) {
                        String value = cells.next();
                        if (WHOLE.matcher(value).matches() && value.length() < 12) {
                            worksheet.value(row.getKey() - 1, c, Long.parseLong(value));
                        } else if (!value.isEmpty()) {
                            worksheet.value(row.getKey() - 1, c, value);
                        }
                    }
                }
            }
            workbook.finish();
        }
    }
}
