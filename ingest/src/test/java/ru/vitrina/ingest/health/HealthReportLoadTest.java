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

    @Test
    void aCsvLineWithBytesInvalidInItsEncodingIsQuarantinedAndTheOthersLoad() throws Exception {
        Path csv = folder.resolve("zabolevaemost_2024-03.csv");
        simulator(5).writeMorbidityCsv(csv, MARCH);
        List<String> lines = Files.readAllLines(csv, ru.vitrina.ingest.budget.TreasuryCsv.CP1251);
        java.io.ByteArrayOutputStream utf8 = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            // Line 5 pasted from a cp1251 file into the UTF-8 export: its Cyrillic bytes are not UTF-8.
            java.nio.charset.Charset charset = i == 4 ? ru.vitrina.ingest.budget.TreasuryCsv.CP1251
                    : java.nio.charset.StandardCharsets.UTF_8;
            utf8.write((lines.get(i) + "\r\n").getBytes(charset));
        }
        Files.write(csv, utf8.toByteArray());

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(csv));

        assertThat(result.counts().get(0)).isEqualTo(new TableCounts(HealthReportLoad.MORBIDITY, 381, 380, 1));
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.location().position()).isEqualTo("строка 5 / line 5");
            assertThat(r.reason()).isEqualTo("Строка CSV не разбирается / the CSV line cannot be split:"
                    + " Недопустимые байты для кодировки UTF-8 / bytes invalid in UTF-8");
            assertThat(r.raw()).contains("\uFFFD").endsWith(lines.get(4).substring(lines.get(4).indexOf(';')));
        });
        // Line 5 is the third territory's (a title and the header above the rows).
        assertThat(TestLoad.count(store, "health.morbidity WHERE oktmo = '" + simulator(5).report(MARCH).get(2).oktmo() + "'"))
                .isZero();
    }

    @Test
    void fieldsBeyondTheCsvHeaderAreQuarantinedOnceALine() throws Exception {
        Path csv = folder.resolve("zabolevaemost_2024-03.csv");
        simulator(5).writeMorbidityCsv(csv, MARCH);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, ru.vitrina.ingest.budget.TreasuryCsv.CP1251));
        lines.set(4, lines.get(4) + ";777;888");
        Files.write(csv, lines, ru.vitrina.ingest.budget.TreasuryCsv.CP1251);

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(csv));

        assertThat(result.counts().get(0)).isEqualTo(new TableCounts(HealthReportLoad.MORBIDITY, 401, 400, 1));
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.location().position()).isEqualTo("строка 5 / line 5");
            assertThat(r.raw()).isEqualTo("W5 = 777; X5 = 888");
            assertThat(r.reason()).isEqualTo("Значения в графах без подписи в заголовке формы: W, X"
                    + " / values in columns without a label in the form's header: W, X");
        });
    }

    @Test
    void aTenMegabyteCellIsKeptOnceCutInQuarantineAndNeverInAReason() throws Exception {
        Path csv = folder.resolve("zabolevaemost_2024-03.csv");
        simulator(5).writeMorbidityCsv(csv, MARCH);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv, ru.vitrina.ingest.budget.TreasuryCsv.CP1251));
        String huge = "Ж".repeat(10 << 20);
        lines.set(4, huge + lines.get(4).substring(lines.get(4).indexOf(';')));
        Files.write(csv, lines, ru.vitrina.ingest.budget.TreasuryCsv.CP1251);

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(csv));

        // The territory is unknown: one record per chapter of the row, 20, as for any unknown territory.
        assertThat(result.counts().get(0)).isEqualTo(new TableCounts(HealthReportLoad.MORBIDITY, 400, 380, 20));
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(result.rejections()).hasSize(20).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo("Неизвестная территория «" + "Ж".repeat(Grid.MAX_QUOTED)
                    + "…» / unknown territory");
            assertThat(r.raw()).startsWith("Ж".repeat(Grid.MAX_RAW) + "… [обрезано / cut: " + (10 << 20)
                    + " знаков / characters, SHA-256 " + sha256 + "]; ОКТМО ");
            assertThat(r.raw().length()).isLessThan(Grid.MAX_RAW + 200);
        });
    }

    @Test
    void aWorkbookThatUnpacksBeyondTheCapIsOneRecordAndIsNeverOpened() throws Exception {
        Path bomb = folder.resolve("minzdrav_2024-03.xlsx");
        simulator(5).writeWorkbook(bomb, MARCH);
        long inline = ReportReader.MAX_REPORT_BYTES + (16 << 20);
        inlineStringBomb(bomb, inline);
        long declared = 0;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bomb.toFile())) {
            declared = zip.stream().mapToLong(java.util.zip.ZipEntry::getSize).sum();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(bomb));

        assertThat(result.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 1, 0, 1),
                new TableCounts(HealthReportLoad.RESOURCES, 0, 0, 0));
        long megabytes = (declared + (1 << 20) - 1) >> 20;
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.location().toString()).isEqualTo("minzdrav_2024-03.xlsx:файл / file");
            assertThat(r.reason()).isEqualTo("Книга слишком велика после распаковки: " + megabytes
                    + " МБ, допускается 64 МБ / the workbook is too large once unpacked: " + megabytes
                    + " MB, at most 64 MB allowed");
        });
        assertThat(result.sources()).as("recorded by its SHA-256, so the next load skips it unopened")
                .containsOnlyKeys("minzdrav_2024-03.xlsx");
    }

    @Test
    void aWorkbookWhoseZipDirectoryUnderstatesItsSizeIsCountedAsItInflates() throws Exception {
        Path bomb = folder.resolve("minzdrav_2024-03.xlsx");
        simulator(5).writeWorkbook(bomb, MARCH);
        inlineStringBomb(bomb, ReportReader.MAX_REPORT_BYTES + (16 << 20));
        understateSizes(bomb);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bomb.toFile())) {
            assertThat(zip.stream().mapToLong(java.util.zip.ZipEntry::getSize).sum()).isLessThan(1 << 20);
        }

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(bomb));

        assertThat(result.counts().get(0)).isEqualTo(new TableCounts(HealthReportLoad.MORBIDITY, 1, 0, 1));
        assertThat(result.rejections()).singleElement().extracting(r -> r.reason()).isEqualTo(
                "Книга слишком велика после распаковки: более 64 МБ, допускается 64 МБ / the workbook is too large"
                        + " once unpacked: over 64 MB, at most 64 MB allowed");
    }

    @Test
    void filesOfOtherFormatsInTheDropFolderAreOneRecordEach() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("drop"));
        simulator(5).writeWorkbook(drop.resolve("minzdrav_2024-03.xlsx"), MARCH);
        Files.write(drop.resolve("minzdrav_2024-04.xls"), new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
        Files.writeString(drop.resolve("readme.txt"), "отчёт за апрель будет позже");
        Files.writeString(drop.resolve(".DS_Store"), "not a report");

        TestLoad.Result result = TestLoad.run(store, new HealthReportLoad(drop));

        assertThat(result.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 402, 400, 2),
                new TableCounts(HealthReportLoad.RESOURCES, 20, 20, 0));
        assertThat(result.rejections()).extracting(r -> r.location().source() + ": " + r.reason()).containsExactly(
                "minzdrav_2024-04.xls: Формат не поддерживается / unsupported format: .xls — сохраните как .xlsx или .csv"
                        + " / save it as .xlsx or .csv",
                "readme.txt: Формат не поддерживается / unsupported format: .txt — сохраните как .xlsx или .csv"
                        + " / save it as .xlsx or .csv");
        // Refused whole, they are recorded as read, so the next load skips them rather than quarantining them again.
        assertThat(result.sources()).containsOnlyKeys("minzdrav_2024-03.xlsx", "minzdrav_2024-04.xls", "readme.txt");
        TestLoad.Result again = TestLoad.run(store, new HealthReportLoad(drop));
        assertThat(again.rejections()).isEmpty();
        assertThat(again.sources()).isEmpty();
    }

    @Test
    void aWorkbookNothingWasLoadedFromIsReadAgainByTheNextLoad() throws Exception {
        Path drop = Files.createDirectories(folder.resolve("drop"));
        Path file = drop.resolve("minzdrav_2024-03.xlsx");
        simulator(5).writeWorkbook(file, MARCH);
        edit(file, new ObjectMapper(new YAMLFactory()).readTree(
                "[{set: {sheet: Ф1 Заболеваемость, cell: A4, value: Район}}, {set: {sheet: Ф2 Ресурсы, cell: A4, value: Район}}]"));

        TestLoad.Result first = TestLoad.run(store, new HealthReportLoad(drop));
        TestLoad.Result second = TestLoad.run(store, new HealthReportLoad(drop));

        for (TestLoad.Result result : List.of(first, second)) {
            assertThat(result.counts()).containsExactly(new TableCounts(HealthReportLoad.MORBIDITY, 2, 0, 2),
                    new TableCounts(HealthReportLoad.RESOURCES, 0, 0, 0));
            assertThat(result.rejections()).extracting(r -> r.location().position())
                    .containsExactly("лист «Ф1 Заболеваемость» / sheet", "лист «Ф2 Ресурсы» / sheet");
            assertThat(result.sources()).isEmpty();
        }
    }

    /** Replaces the first sheet by one row holding an inline string of {@code characters} characters, written as it streams. */
    private static void inlineStringBomb(Path workbook, long characters) throws IOException {
        Path bomb = workbook.resolveSibling("bomb.zip");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(workbook.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            out.setLevel(9);
            for (java.util.zip.ZipEntry entry : in.stream().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats"
                            + ".org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    byte[] chunk = new byte[1 << 20];
                    java.util.Arrays.fill(chunk, (byte) 'a');
                    for (long written = 0; written < characters; written += chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, characters - written));
                    }
                    out.write("</t></is></c></row></sheetData></worksheet>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Files.move(bomb, workbook, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Rewrites every uncompressed size in the ZIP's central directory as 1 000 bytes: a directory that lies. */
    private static void understateSizes(Path zip) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= bytes.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, 1000);
            }
        }
        Files.write(zip, bytes);
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
        List<JsonNode> dates = new ArrayList<>();
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
            } else if (edit.has("insert_cell") || edit.has("delete_cell")) {
                JsonNode at = edit.has("insert_cell") ? edit.get("insert_cell") : edit.get("delete_cell");
                String cell = at.get("cell").asText();
                List<String> cells = sheets.get(at.get("sheet").asText()).get(Integer.parseInt(cell.substring(1)));
                int column = cell.charAt(0) - 'A';
                while (cells.size() <= column) {
                    cells.add("");
                }
                if (edit.has("insert_cell")) {
                    cells.add(column, "");
                } else {
                    cells.remove(column);
                }
            } else if (edit.has("set_date")) {
                JsonNode set = edit.get("set_date");
                String cell = set.get("cell").asText();
                sheets.get(set.get("sheet").asText()).get(Integer.parseInt(cell.substring(1))).set(cell.charAt(0) - 'A', "");
                dates.add(set);
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
                for (JsonNode date : dates) {
                    if (date.get("sheet").asText().equals(sheet.getKey())) {
                        String cell = date.get("cell").asText();
                        int r = Integer.parseInt(cell.substring(1)) - 1;
                        int c = cell.charAt(0) - 'A';
                        worksheet.value(r, c, java.time.LocalDate.parse(date.get("value").asText()));
                        worksheet.style(r, c).format(date.get("format").asText()).set();
                    }
                }
            }
            workbook.finish();
        }
    }
}
