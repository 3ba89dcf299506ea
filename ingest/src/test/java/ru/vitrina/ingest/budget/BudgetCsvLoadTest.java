package ru.vitrina.ingest.budget;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ru.vitrina.ingest.job.LoadRunner;
import ru.vitrina.ingest.load.LoadListener;
import ru.vitrina.ingest.load.LoadResult;
import ru.vitrina.ingest.load.TableCounts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The Treasury CSV export: good files in every encoding, and a battery of broken ones, into a real DuckDB store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BudgetCsvLoadTest {
    Path folder;
    BudgetFixture fixture;
    List<String> codes;
    LoadRunner runner;

    @BeforeAll
    void setUp() throws Exception {
        folder = Files.createTempDirectory("vitrina-csv");
        fixture = new BudgetFixture(folder);
        fixture.fill();
        codes = fixture.someCodes();
        runner = new LoadRunner(fixture.store);
    }

    @AfterAll
    void tearDown() throws Exception {
        fixture.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (var connection = fixture.store.connect(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM budget.execution");
        }
    }

    private String line(long id, String oktmo, String subsection, long fact) {
        return TreasuryCsvExport.line(id, "ПП-2025-" + id, LocalDate.of(2025, 3, 14), oktmo, codes.get(1), subsection,
                codes.get(3), codes.get(4), 0, 0, fact, LocalDateTime.of(2025, 3, 14, 10, 30, 0));
    }

    String good(long id) {
        return line(id, codes.get(0), codes.get(2), 123_456_789L + id);
    }

    Path write(String name, Charset charset, boolean bom, List<String> lines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (bom) {
            bytes.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        bytes.write((String.join("\r\n", lines) + "\r\n").getBytes(charset));
        Path file = folder.resolve(name);
        Files.write(file, bytes.toByteArray());
        return file;
    }

    static String header() {
        return String.join(";", TreasuryCsv.HEADER);
    }

    /** The load under test; {@link BudgetCsvLoadInTwoPartsTest} converts every file in two parts. */
    BudgetCsvLoad csvLoad(Path file, boolean reconcile) {
        return new BudgetCsvLoad(file, reconcile);
    }

    LoadResult load(Path file) {
        LoadResult result = runner.run(csvLoad(file, false), LoadListener.none());
        assertThat(result.error()).isNull();
        return result;
    }

    List<List<String>> quarantine(LoadResult result) throws Exception {
        return fixture.rows("SELECT source, position, reason FROM meta.quarantine WHERE load_id = " + result.loadId()
                + " ORDER BY CAST(position AS INTEGER)");
    }

    @Test
    void theWholeSourceExportedAsCp1251LoadsEqualToTheSource() throws Exception {
        Path file = folder.resolve("export-cp1251.csv");
        assertThat(new TreasuryCsvExport(fixture.source).write(file, TreasuryCsv.CP1251, false)).isEqualTo(5_000);
        assertThat(TreasuryCsv.detect(file).charset()).isEqualTo(TreasuryCsv.CP1251);

        LoadResult result = load(file);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 5_000, 5_000, 0));
        assertThat(fixture.storeRows()).isEqualTo(fixture.sourceRows());
        assertThat(fixture.single("SELECT name FROM meta.load_source WHERE load_id = " + result.loadId()))
                .startsWith("export-cp1251.csv (windows-1251)");
        assertThat(fixture.single("SELECT sha256 FROM meta.load_source WHERE load_id = " + result.loadId()))
                .isEqualTo(ru.vitrina.ingest.reference.MetaLoad.sha256(Files.readAllBytes(file)));

        // The same rows in another export of them (UTF-8 with a BOM: other bytes) are read again and change nothing.
        String checksum = fixture.checksum();
        Path utf8 = folder.resolve("export-utf8.csv");
        new TreasuryCsvExport(fixture.source).write(utf8, StandardCharsets.UTF_8, true);
        LoadResult again = load(utf8);
        assertThat(again.tables()).containsExactly(new TableCounts("budget.execution", 5_000, 5_000, 0));
        assertThat(source(again)).contains("new 0, changed 0");
        assertThat(fixture.checksum()).isEqualTo(checksum);
    }

    /**
     * Progress goes through the stages of the load, each from its start to its end: reading the file (lines), the
     * checks (rows), the writing of the new rows, the publication. A rerun with nothing new writes nothing.
     */
    @Test
    void progressGoesThroughReadingCheckingAndWriting() throws Exception {
        List<String> rows = List.of(header(), good(1), line(2, "69999000", codes.get(2), 100), good(3), good(4));
        List<String> reports = new ArrayList<>();
        LoadListener listener = (job, loadId, stage, done, total) -> reports.add(stage + " " + done + "/" + total);

        assertThat(runner.run(csvLoad(write("stages.csv", StandardCharsets.UTF_8, false, rows), false), listener).error()).isNull();

        assertThat(reports.stream().map(report -> report.substring(0, report.lastIndexOf(' '))).distinct())
                .containsExactly(BudgetCsvLoad.READING, BudgetStage.CHECKING, BudgetStage.WRITING, LoadRunner.PUBLISHING);
        assertThat(reports).contains(BudgetCsvLoad.READING + " 5/5", BudgetStage.CHECKING + " 4/4", BudgetStage.WRITING + " 3/3");

        reports.clear();
        List<String> again = new ArrayList<>(rows);
        again.add("");
        assertThat(runner.run(csvLoad(write("stages-again.csv", StandardCharsets.UTF_8, false, again), false), listener).error())
                .isNull();

        assertThat(reports.stream().map(report -> report.substring(0, report.lastIndexOf(' '))).distinct())
                .containsExactly(BudgetCsvLoad.READING, BudgetStage.CHECKING, LoadRunner.PUBLISHING);
        assertThat(reports).contains(BudgetStage.CHECKING + " 4/4");
    }

    /**
     * The very file a published load read is not read into the store again: the rerun ends unchanged, with no new data
     * version and no second copy of the file's quarantined lines. A reconciliation with it is applied all the same.
     */
    @Test
    void aFileAlreadyLoadedIsSkippedUnlessReconciled() throws Exception {
        Path file = write("march.csv", StandardCharsets.UTF_8, false,
                List.of(header(), good(1), line(2, "69999000", codes.get(2), 100), good(3)));
        LoadResult first = load(file);
        assertThat(first.tables()).containsExactly(new TableCounts("budget.execution", 3, 2, 1));

        LoadResult again = load(file);

        assertThat(again.status()).isEqualTo(LoadResult.Status.UNCHANGED);
        assertThat(again.dataVersion()).isEmpty();
        assertThat(again.read()).isZero();
        assertThat(fixture.single("SELECT max(data_version) FROM meta.load")).isEqualTo(Long.toString(first.dataVersion().orElseThrow()));
        assertThat(fixture.single("SELECT count(*) FROM meta.quarantine WHERE source = 'march.csv'")).isEqualTo("1");
        assertThat(fixture.single("SELECT status FROM meta.load WHERE load_id = " + again.loadId())).isEqualTo("unchanged");

        LoadResult reconciled = runner.run(csvLoad(file, true), LoadListener.none());
        assertThat(reconciled.published()).as(reconciled.error()).isTrue();
        assertThat(reconciled.tables()).containsExactly(new TableCounts("budget.execution", 3, 2, 1));
    }

    @Test
    void utf8WithAndWithoutBomAndIsoDatesLoad() throws Exception {
        String iso = "7;\"ПП;7\";2025-03-14;" + codes.get(0) + ";" + codes.get(1) + ";" + codes.get(2) + ";" + codes.get(3)
                + ";" + codes.get(4) + ";1 000,5;1.5;-2 345 678,90;2025-03-14T10:30";
        LoadResult withBom = load(write("bom.csv", StandardCharsets.UTF_8, true, List.of(header(), good(1), good(2), iso)));
        assertThat(withBom.tables()).containsExactly(new TableCounts("budget.execution", 3, 3, 0));
        assertThat(fixture.rows("SELECT document_id, plan_amount, limit_amount, fact_amount, strftime(modified_at, '%Y-%m-%d %H:%M:%S') FROM budget.execution"
                + " WHERE operation_id = 7")).containsExactly(List.of("ПП;7", "1000.50", "1.50", "-2345678.90", "2025-03-14 10:30:00"));
        assertThat(fixture.single("SELECT fact_amount FROM budget.execution WHERE operation_id = 1")).isEqualTo("1234567.90");

        LoadResult noBom = load(write("nobom.csv", StandardCharsets.UTF_8, false, List.of(header(), good(3))));
        assertThat(noBom.tables()).containsExactly(new TableCounts("budget.execution", 1, 1, 0));
        assertThat(fixture.single("SELECT name FROM meta.load_source WHERE load_id = " + noBom.loadId())).startsWith("nobom.csv (UTF-8)");
    }

    @Test
    void brokenLinesAreQuarantinedWithLineNumbersAndReasons() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("Выписка из сводной бюджетной росписи за март 2025 года");            // 1: a title above the header
        lines.add(header());                                                            // 2
        lines.add(good(1));                                                             // 3
        lines.add(good(2).replaceFirst(";ПП-2025-2;", ";\"ПП-2025-2;"));                // 4: quote never closed
        lines.add(good(3).substring(0, good(3).lastIndexOf(';')));                      // 5: a column short
        lines.add(good(4).replace("1\u00A0234\u00A0567,93", "1 234 567,9,3"));          // 6: bad number
        lines.add(good(5).replace("14.03.2025;", "31.02.2025;"));                       // 7: no such date
        lines.add(header());                                                            // 8: header again
        lines.add(line(9, "69999000", codes.get(2), 100));                              // 9: unknown OKTMO
        lines.add(line(10, codes.get(0), "9999", 100));                                 // 10: unknown subsection
        lines.add("");                                                                  // 11: blank, carries nothing
        lines.add(good(12).replaceFirst("ПП-2025-12", "ПП\"12"));                       // 12: stray quote
        lines.add(good(13));                                                            // 13
        Path file = write("broken.csv", StandardCharsets.UTF_8, false, lines);

        LoadResult result = load(file);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 11, 2, 9));
        assertThat(quarantine(result)).containsExactly(
                List.of("broken.csv", "1", "Неверное число полей: 1 вместо 12 / wrong column count: 1 instead of 12"),
                List.of("broken.csv", "4", "Незакрытая кавычка / unterminated quote"),
                List.of("broken.csv", "5", "Неверное число полей: 11 вместо 12 / wrong column count: 11 instead of 12"),
                List.of("broken.csv", "6", "Неверное число «1 234 567,9,3» в поле «Кассовый расход» / bad number \"1 234 567,9,3\" in field cash execution"),
                List.of("broken.csv", "7", "Неверная дата «31.02.2025» в поле «Дата операции» / bad date \"31.02.2025\" in field operation date"),
                List.of("broken.csv", "8", "Повторная строка заголовка / repeated header line"),
                List.of("broken.csv", "9", "Неизвестный ОКТМО 69999000 / unknown OKTMO 69999000"),
                List.of("broken.csv", "10", "Неизвестный раздел/подраздел 9999 / unknown section/subsection 9999"),
                List.of("broken.csv", "12", "Кавычка внутри поля без кавычек (поле 2) / stray quote in an unquoted field (field 2)"));
        assertThat(fixture.single("SELECT raw FROM meta.quarantine WHERE load_id = " + result.loadId() + " AND position = '9'"))
                .isEqualTo(lines.get(8));
        assertThat(fixture.rows("SELECT operation_id FROM budget.execution ORDER BY 1")).containsExactly(List.of("1"), List.of("13"));
        assertThat(fixture.rows("SELECT rows_read, rows_loaded, rows_quarantined FROM meta.load_table WHERE load_id = "
                + result.loadId())).containsExactly(List.of("11", "2", "9"));
    }

    /**
     * Lines the byte-level path hands to the text parser: quoted fields holding the separator and quotes, with a bad
     * number and a bad id among them; control characters; bare carriage returns as line ends; a BOM, which counts in
     * the file's checksum.
     */
    @Test
    void quotedLinesControlCharactersAndCarriageReturns() throws Exception {
        String quoted = good(2).replaceFirst(";ПП-2025-2;", ";\"ПП \"\"2\"\";2\";");
        String quotedBad = good(3).replaceFirst(";ПП-2025-3;", ";\"ПП;3\";").replace("1\u00A0234\u00A0567,92", "12,345");
        String badId = "\"4x\"" + good(4).substring(1);
        String control = good(5).replaceFirst("ПП-2025-5", "ПП\u00072025");
        String text = header() + "\r" + good(1) + "\r" + quoted + "\r\n" + quotedBad + "\r" + badId + "\n" + control + "\r";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(text.getBytes(StandardCharsets.UTF_8));
        Path file = folder.resolve("quoted.csv");
        Files.write(file, bytes.toByteArray());

        LoadResult result = load(file);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 5, 2, 3));
        assertThat(quarantine(result)).containsExactly(
                List.of("quoted.csv", "4", "Неверное число «12,345» в поле «Кассовый расход» / bad number \"12,345\" in field cash execution"),
                List.of("quoted.csv", "5", "Неверный идентификатор «4x» в поле «ИД операции» / bad id \"4x\" in field operation id"),
                List.of("quoted.csv", "6", "Управляющий символ U+0007 в строке / control character U+0007 in the line"));
        assertThat(fixture.single("SELECT raw FROM meta.quarantine WHERE load_id = " + result.loadId() + " AND position = '4'"))
                .isEqualTo(quotedBad);
        assertThat(fixture.single("SELECT document_id FROM budget.execution WHERE operation_id = 2")).isEqualTo("ПП \"2\";2");
        assertThat(fixture.single("SELECT sha256 FROM meta.load_source WHERE load_id = " + result.loadId()))
                .isEqualTo(ru.vitrina.ingest.reference.MetaLoad.sha256(bytes.toByteArray()));
    }

    @Test
    void aCp1251LineInsideAUtf8FileIsQuarantinedNotGarbled() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((header() + "\n" + good(1) + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.write((good(2) + "\n").getBytes(TreasuryCsv.CP1251));
        Path file = folder.resolve("mixed.csv");
        Files.write(file, bytes.toByteArray());

        LoadResult result = load(file);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 2, 1, 1));
        assertThat(quarantine(result)).containsExactly(
                List.of("mixed.csv", "3", "Недопустимые байты для кодировки UTF-8 / bytes invalid in UTF-8"));
    }

    @Test
    void aWholeFileInTheWrongEncodingForItsBytesIsDetected() throws Exception {
        LoadResult result = load(write("ansi.csv", TreasuryCsv.CP1251, false, List.of(header(), good(1), good(2))));
        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 2, 2, 0));
        assertThat(fixture.single("SELECT document_id FROM budget.execution WHERE operation_id = 2")).isEqualTo("ПП-2025-2");
    }

    @Test
    void repeatedOperationInOneFileLoadsTheLastRecord() throws Exception {
        String changed = line(1, codes.get(0), codes.get(2), 500);
        LoadResult result = load(write("dup.csv", StandardCharsets.UTF_8, false, List.of(header(), good(1), changed)));
        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", 2, 1, 1));
        assertThat(quarantine(result)).containsExactly(List.of("dup.csv", "2",
                "Операция 1 повторяется в выгрузке, загружена последняя запись / operation 1 repeats in the extract, the last record is loaded"));
        assertThat(fixture.single("SELECT fact_amount FROM budget.execution WHERE operation_id = 1")).isEqualTo("5.00");
    }

    /**
     * The checks read the CSV's rows straight from DuckDB's reader, and the search for repeated operations is left out
     * when the Java pass saw every id above the one before. The same export with its lines shuffled (so searched) loads
     * the same table, equal to the source, with the same counts; a repeat among otherwise ascending ids is still found.
     */
    @Test
    void ascendingAndShuffledIdsLoadTheSameRowsAndRepeatsAreStillFound() throws Exception {
        Path file = folder.resolve("ascending.csv");
        new TreasuryCsvExport(fixture.source).write(file, StandardCharsets.UTF_8, false);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(4_000, lines.get(4_000).replaceFirst(";[0-9]{8};", ";69999000;"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        LoadResult ascending = load(file);
        var loaded = fixture.storeRows();
        assertThat(ascending.tables()).containsExactly(new TableCounts("budget.execution", 5_000, 4_999, 1));
        assertThat(loaded).hasSize(4_999).isSubsetOf(fixture.sourceRows());

        empty();
        List<String> records = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(records, new Random(7));
        records.add(0, lines.get(0));
        LoadResult shuffled = load(write("shuffled.csv", StandardCharsets.UTF_8, false, records));
        assertThat(shuffled.tables()).isEqualTo(ascending.tables());
        assertThat(fixture.storeRows()).isEqualTo(loaded);
        assertThat(quarantine(shuffled)).extracting(row -> row.get(2)).containsExactlyElementsOf(
                quarantine(ascending).stream().map(row -> row.get(2)).toList());

        empty();
        String changed = line(2, codes.get(0), codes.get(2), 500);
        LoadResult repeat = load(write("repeat.csv", StandardCharsets.UTF_8, false,
                List.of(header(), good(1), good(2), good(3), changed, good(4))));
        assertThat(repeat.tables()).containsExactly(new TableCounts("budget.execution", 5, 4, 1));
        assertThat(quarantine(repeat)).containsExactly(List.of("repeat.csv", "3",
                "Операция 2 повторяется в выгрузке, загружена последняя запись / operation 2 repeats in the extract, the last record is loaded"));
        assertThat(fixture.single("SELECT fact_amount FROM budget.execution WHERE operation_id = 2")).isEqualTo("5.00");
    }

    /**
     * A large file whose every record is quarantined (unknown OKTMO) by one INSERT … SELECT of more rows than a
     * DuckDB row group, after a line quarantined on its own (bytes that are not UTF-8) and a blank line: nothing is
     * lost, and each position is the record's line, checked against the operation id the record carries.
     */
    @Test
    void lineNumbersHoldInALargeFileWithManyQuarantinedRows() throws Exception {
        int records = 150_000;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((header() + "\n").getBytes(StandardCharsets.UTF_8));
        for (int id = 1; id <= records; id++) {
            bytes.write((line(id, "69999000", codes.get(2), id) + "\n").getBytes(StandardCharsets.UTF_8));
            if (id == 75_000) {
                bytes.write((good(999_999_999) + "\n").getBytes(TreasuryCsv.CP1251));
                bytes.write("\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        Path file = folder.resolve("large.csv");
        Files.write(file, bytes.toByteArray());

        LoadResult result = load(file);

        assertThat(result.tables()).containsExactly(new TableCounts("budget.execution", records + 1, 0, records + 1));
        assertThat(fixture.single("SELECT position FROM meta.quarantine WHERE load_id = " + result.loadId()
                + " AND reason LIKE 'Недопустимые байты%'")).isEqualTo("75002");
        assertThat(fixture.single("SELECT count(*) FROM meta.quarantine WHERE load_id = " + result.loadId()
                + " AND reason NOT LIKE 'Недопустимые байты%' AND CAST(position AS BIGINT) = CAST(split_part(raw, ';', 1) AS BIGINT)"
                + " + CASE WHEN CAST(split_part(raw, ';', 1) AS BIGINT) > 75000 THEN 3 ELSE 1 END")).isEqualTo(Integer.toString(records));
    }

    /**
     * The store is compared with the extract only when their operation ids can meet: a first load and an extract of
     * only new operations skip that join, an overlapping extract takes it. Whatever the path, the table is the one a
     * single load of the final versions gives.
     */
    @Test
    void aFirstLoadNewOperationsAndAnOverlappingExtractGiveTheTableOfOneLoad() throws Exception {
        List<String> first = new ArrayList<>(List.of(header()));
        for (long id = 1; id <= 6; id++) {
            first.add(good(id));
        }
        LoadResult firstLoad = load(write("first.csv", StandardCharsets.UTF_8, false, first));
        assertThat(firstLoad.tables()).containsExactly(new TableCounts("budget.execution", 6, 6, 0));
        LoadResult newOnes = load(write("new.csv", StandardCharsets.UTF_8, false, List.of(header(), good(7), good(8), good(9))));
        assertThat(source(newOnes)).contains("new 3, changed 0, unchanged 0");
        String changed = line(5, codes.get(0), codes.get(2), 42);
        List<String> overlapping = new ArrayList<>(List.of(header(), changed));
        for (long id = 6; id <= 12; id++) {
            overlapping.add(good(id));
        }
        LoadResult overlap = load(write("overlap.csv", StandardCharsets.UTF_8, false, overlapping));
        assertThat(overlap.tables()).containsExactly(new TableCounts("budget.execution", 8, 8, 0));
        assertThat(source(overlap)).contains("new 3, changed 1, unchanged 4");
        var loadedInSteps = fixture.storeRows();

        empty();
        List<String> whole = new ArrayList<>(List.of(header(), good(1), good(2), good(3), good(4), changed));
        for (long id = 6; id <= 12; id++) {
            whole.add(good(id));
        }
        load(write("whole.csv", StandardCharsets.UTF_8, false, whole));
        assertThat(fixture.storeRows()).isEqualTo(loadedInSteps).hasSize(12);
        assertThat(fixture.single("SELECT fact_amount FROM budget.execution WHERE operation_id = 5")).isEqualTo("0.42");
    }

    /** Rows are stored in operation-date order, so that a date range reads few row groups, whatever the extract's. */
    @Test
    void rowsAreStoredInDateOrderWhateverTheOrderOfTheExtract() throws Exception {
        int[] days = {10, 1, 20, 5, 5, 2};
        List<String> outOfOrder = new ArrayList<>(List.of(header()));
        for (int i = 0; i < days.length; i++) {
            outOfOrder.add(dated(i + 1, days[i]));
        }
        load(write("unordered.csv", StandardCharsets.UTF_8, false, outOfOrder));
        assertThat(fixture.rows("SELECT operation_id FROM budget.execution ORDER BY rowid")).containsExactly(
                List.of("2"), List.of("6"), List.of("4"), List.of("5"), List.of("1"), List.of("3"));

        empty();
        load(write("ordered.csv", StandardCharsets.UTF_8, false, List.of(header(), dated(9, 1), dated(8, 2), dated(7, 2),
                dated(3, 28))));
        assertThat(fixture.rows("SELECT day(operation_date) FROM budget.execution ORDER BY rowid")).containsExactly(
                List.of("1"), List.of("2"), List.of("2"), List.of("28"));
        assertThat(fixture.rows("SELECT operation_id FROM budget.execution ORDER BY 1")).containsExactly(
                List.of("3"), List.of("7"), List.of("8"), List.of("9"));
    }

    /**
     * An extract already in date order, large enough for DuckDB to check it on every thread: the checking statement's
     * joins do not keep the file's order, so its insert sorts all the same (it once trusted the order: checked).
     */
    @Test
    void aLargeExtractInDateOrderIsStoredInDateOrder() throws Exception {
        List<String> lines = new ArrayList<>(List.of(header()));
        LocalDate first = LocalDate.of(2023, 1, 1);
        for (int i = 0; i < 300_000; i++) {
            lines.add(dated(i + 1, first.plusDays(i / 300)));
        }
        LoadResult result = load(write("large-ordered.csv", StandardCharsets.UTF_8, false, lines));

        assertThat(result.loaded()).isEqualTo(300_000);
        assertThat(fixture.single("SELECT count(*) FROM (SELECT operation_date < max(operation_date) OVER (ORDER BY rowid"
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS late FROM budget.execution) WHERE late")).isEqualTo("0");
    }

    /**
     * Required fields empty, or blank with spaces that are not ASCII (a no-break space, an ideographic space): every
     * reason of the line; and the leap days of 1900 (none) and 2000 (one).
     */
    @Test
    void emptyAndBlankRequiredFieldsAndLeapDaysAreCheckedAsTheReasonsSay() throws Exception {
        List<String> lines = new ArrayList<>(List.of(header(), good(1)));
        lines.add(withFields(good(2), 2, "", 4, "", 8, "", 9, "", 11, ""));
        lines.add(withFields(good(3), 1, "\u00A0", 6, "\u3000"));
        lines.add(withFields(good(4), 0, ""));
        lines.add(dated(5, LocalDate.of(2000, 2, 29)));
        lines.add(dated(6, LocalDate.of(2024, 2, 29)).replace("29.02.2024;", "29.02.1900;"));

        LoadResult result = load(write("blank.csv", StandardCharsets.UTF_8, false, lines));

        assertThat(quarantine(result)).containsExactly(
                List.of("blank.csv", "3", "Не заполнено поле «дата операции» / required field operation date is empty;"
                        + " Не заполнено поле «ГРБС» / required field administrator is empty;"
                        + " Не заполнено поле «Бюджетные ассигнования» / required field allocations is empty;"
                        + " Не заполнено поле «Лимиты бюджетных обязательств» / required field limits is empty;"
                        + " Не заполнено поле «Дата изменения» / required field last modified is empty"),
                List.of("blank.csv", "4", "Не заполнено поле «номер документа» / required field document id is empty;"
                        + " Не заполнено поле «ЦСР» / required field target article is empty"),
                List.of("blank.csv", "5", "Не заполнено поле «идентификатор операции» / required field operation id is empty"),
                List.of("blank.csv", "7", "Неверная дата «29.02.1900» в поле «Дата операции» / bad date \"29.02.1900\" in field"
                        + " operation date"));
        assertThat(fixture.rows("SELECT operation_id, operation_date FROM budget.execution ORDER BY 1")).containsExactly(
                List.of("1", "2025-03-14"), List.of("5", "2000-02-29"));
    }

    @Test
    void aFullReconciliationNeverEmptiesTheStoreFromAnEmptyOrBrokenExtract() throws Exception {
        load(write("before-reconciliation.csv", StandardCharsets.UTF_8, false, List.of(header(), good(1), good(2), good(3))));
        Path empty = Files.write(folder.resolve("empty.csv"), new byte[0]);
        Path utf16 = write("utf16.csv", StandardCharsets.UTF_16LE, false, List.of(header(), good(1), good(2)));
        Path unknownTerritories = write("unknown-territories.csv", StandardCharsets.UTF_8, false,
                List.of(header(), line(1, "69999000", codes.get(2), 100), line(2, "69999000", codes.get(2), 100)));
        Path mostlyBroken = write("mostly-broken.csv", StandardCharsets.UTF_8, false,
                List.of(header(), good(1), line(2, "69999000", codes.get(2), 100), withFields(good(3), 1, "ПП\u0001")));

        assertThat(refusedReconciliation(empty)).contains("Файл empty.csv пуст / the file empty.csv is empty");
        assertThat(refusedReconciliation(utf16)).contains("full reconciliation refused");
        assertThat(refusedReconciliation(unknownTerritories)).contains("нет ни одной годной операции")
                .contains("the extract has no valid operation");
        assertThat(refusedReconciliation(mostlyBroken)).contains("2 records quarantined against 1 valid");
    }

    @Test
    void aFullReconciliationKeepsTheOperationsOfQuarantinedLinesAndDeletesOnlyTheMissingOnes() throws Exception {
        load(write("five.csv", StandardCharsets.UTF_8, false, List.of(header(), good(1), good(2), good(3), good(4), good(5))));
        Path extract = write("four-of-five.csv", StandardCharsets.UTF_8, false, List.of(header(), good(1),
                withFields(good(2), 1, "ПП\u0001"), line(3, "69999000", codes.get(2), 100), good(5)));

        LoadResult reconciled = runner.run(csvLoad(extract, true), LoadListener.none());

        assertThat(reconciled.published()).as(reconciled.error()).isTrue();
        assertThat(reconciled.tables()).containsExactly(new TableCounts("budget.execution", 4, 2, 2));
        assertThat(fixture.rows("SELECT operation_id FROM budget.execution ORDER BY 1"))
                .as("2 and 3 quarantined, by the pass and by the checks, keep their stored rows; 4 is gone from the source")
                .containsExactly(List.of("1"), List.of("2"), List.of("3"), List.of("5"));
    }

    @Test
    void aFullReconciliationIsRefusedWhenAQuarantinedLineNamesNoOperation() throws Exception {
        load(write("three.csv", StandardCharsets.UTF_8, false, List.of(header(), good(1), good(2), good(3))));
        Path extract = write("with-garbage.csv", StandardCharsets.UTF_8, false,
                List.of(header(), good(1), good(2), "мусор;;", good(3)));

        assertThat(refusedReconciliation(extract)).contains("1 quarantined lines name no operation id");
        assertThat(fixture.single("SELECT count(*) FROM budget.execution")).isEqualTo("3");
    }

    @Test
    void aHeaderWithColumnsInAnotherOrderRefusesTheFile() throws Exception {
        List<String> names = new ArrayList<>(TreasuryCsv.HEADER);
        Collections.swap(names, 8, 10);
        String[] fields = good(1).split(";", -1);
        String swapped = withFields(good(1), 8, fields[10], 10, fields[8]);

        LoadResult result = runner.run(csvLoad(write("swapped.csv", StandardCharsets.UTF_8, false,
                List.of(String.join(";", names), swapped)), false), LoadListener.none());

        assertThat(result.status()).isEqualTo(LoadResult.Status.FAILED);
        assertThat(result.error()).contains("столбец 9 «Кассовый расход», ожидался «Бюджетные ассигнования»")
                .contains("column 9 is «Кассовый расход», expected «Бюджетные ассигнования» (allocations)");
        assertThat(fixture.single("SELECT count(*) FROM budget.execution")).isEqualTo("0");
    }

    @Test
    void aMissingFileAndAFolderAreNamedAsSuch() {
        Path missing = folder.resolve("missing.csv");

        assertThat(runner.run(csvLoad(missing, false), LoadListener.none()).error())
                .isEqualTo("Файл не найден / file not found: " + missing);
        assertThat(runner.run(csvLoad(folder, false), LoadListener.none()).error())
                .isEqualTo(folder + " — папка, а не файл выгрузки / " + folder + " is a folder, not a Treasury CSV file");
    }

    /** Reconciles the store with {@code extract}, expecting a refusal that leaves every stored row; its message. */
    private String refusedReconciliation(Path extract) throws Exception {
        String before = fixture.single("SELECT count(*) || '/' || coalesce(sum(fact_amount), 0) FROM budget.execution");
        LoadResult result = runner.run(csvLoad(extract, true), LoadListener.none());
        assertThat(result.status()).as(extract.toString()).isEqualTo(LoadResult.Status.FAILED);
        assertThat(fixture.single("SELECT count(*) || '/' || coalesce(sum(fact_amount), 0) FROM budget.execution")).isEqualTo(before);
        return result.error();
    }

    /** {@code line} with the fields at the given indexes (0 to 11) replaced: index, value, index, value… */
    private static String withFields(String line, Object... replacements) {
        String[] fields = line.split(";", -1);
        for (int i = 0; i < replacements.length; i += 2) {
            fields[(Integer) replacements[i]] = (String) replacements[i + 1];
        }
        return String.join(";", fields);
    }

    private String dated(long id, int day) {
        return dated(id, LocalDate.of(2025, 3, day));
    }

    private String dated(long id, LocalDate date) {
        return TreasuryCsvExport.line(id, "ПП-" + id, date, codes.get(0), codes.get(1), codes.get(2), codes.get(3),
                codes.get(4), 0, 0, 100 + id, date.atTime(10, 30));
    }

    private String source(LoadResult result) throws Exception {
        return fixture.single("SELECT name FROM meta.load_source WHERE load_id = " + result.loadId());
    }
}
