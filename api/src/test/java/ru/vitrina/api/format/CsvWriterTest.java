package ru.vitrina.api.format;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.ResultColumn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvWriterTest {
    @AutoClose
    private final Connection connection = DuckDbCursor.openDatabase();

    @Test
    void standardCsvMatchesTheGoldenFileByteForByte() throws Exception {
        assertThat(write(CsvWriter.standard(), Fixtures.SQL)).isEqualTo(golden("sample.csv"));
    }

    @Test
    void russianExcelCsvMatchesTheGoldenFileByteForByte() throws Exception {
        assertThat(write(CsvWriter.russianExcel(), Fixtures.SQL)).isEqualTo(golden("sample-ru.csv"));
    }

    @Test
    void bothDialectsStartWithTheUtf8ByteOrderMarkAndEndLinesWithCrLf() throws Exception {
        for (CsvWriter writer : new CsvWriter[] {CsvWriter.standard(), CsvWriter.russianExcel()}) {
            byte[] bytes = write(writer, Fixtures.SQL);
            assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("\r\n");
        }
    }

    @Test
    void anEmptyAnswerIsTheHeaderAlone() throws Exception {
        String empty = "SELECT * FROM (" + Fixtures.SQL + ") WHERE false";
        assertThat(new String(write(CsvWriter.standard(), empty), StandardCharsets.UTF_8)).isEqualTo(
                "\uFEFFbudget.region,budget.oktmo,budget.operation_date.month,budget.loaded_at,"
                        + "budget.fact,budget.execution,budget.operations,budget.is_final\r\n");
        assertThat(new String(write(CsvWriter.russianExcel(), empty), StandardCharsets.UTF_8)).isEqualTo(
                "\uFEFFРайон;ОКТМО;Дата операции (месяц);Загружено;Исполнено, руб.;Исполнение, %;"
                        + "Число операций;Окончательные\r\n");
    }

    /** The machine dialect is only worth having if a program reads back exactly what was queried. */
    @Test
    void standardCsvReadsBackIntoDuckDbAsTheSameRows(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("answer.csv");
        Files.write(file, write(CsvWriter.standard(), Fixtures.SQL));
        String readBack = "SELECT * FROM read_csv('" + file + "', header = true, allow_quoted_nulls = false, "
                + "columns = {'region': 'VARCHAR', 'oktmo': 'VARCHAR', 'month': 'DATE', 'loaded_at': 'TIMESTAMP', "
                + "'fact': 'DECIMAL(38, 2)', 'execution': 'DOUBLE', 'operations': 'BIGINT', 'is_final': 'BOOLEAN'})";
        assertThat(SourceRows.read(connection, readBack)).isEqualTo(SourceRows.read(connection, Fixtures.SQL));
    }

    @Test
    void textExcelWouldMangleOrRunIsWrittenAsATextFormula() {
        assertThat(CsvWriter.excelSafe("04701000")).isEqualTo("=\"04701000\"");
        assertThat(CsvWriter.excelSafe("=HYPERLINK(\"http://x\")")).isEqualTo("=\"=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvWriter.excelSafe("+7 900")).isEqualTo("=\"+7 900\"");
        assertThat(CsvWriter.excelSafe("@SUM(1)")).isEqualTo("=\"@SUM(1)\"");
        assertThat(CsvWriter.excelSafe("Москва")).isEqualTo("Москва");
        assertThat(CsvWriter.excelSafe("12,5")).isEqualTo("12,5");
        assertThat(CsvWriter.excelSafe("")).isEmpty();
    }

    @Test
    void formulaLikeTextTooLongForAFormulaGetsAnApostropheInstead() {
        String longText = "=" + "я".repeat(300);
        assertThat(CsvWriter.excelSafe(longText)).isEqualTo("'" + longText);
        assertThat(CsvWriter.excelSafe("-строка\nещё")).isEqualTo("'-строка\nещё");
        assertThat(CsvWriter.excelSafe("1".repeat(300))).isEqualTo("1".repeat(300));
    }

    @Test
    void flushesWhileWritingNotOnlyAtTheEnd() throws Exception {
        int rows = CsvWriter.FLUSH_EVERY_ROWS * 3 + 5;
        CountingOutputStream out = new CountingOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, "SELECT range AS n FROM range(" + rows + ")",
                List.of(new ResultColumn("t.n", "Номер", "Number", ColumnType.NUMBER, null, "integer")),
                Fixtures.VERSION)) {
            CsvWriter.standard().write(cursor, out);
        }
        assertThat(out.flushes()).isGreaterThanOrEqualTo(4);
        assertThat(out.closed()).as("the caller's stream stays open").isFalse();
    }

    private byte[] write(ResultWriter writer, String sql) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, Fixtures.COLUMNS, Fixtures.VERSION)) {
            writer.write(cursor, out);
        }
        return out.toByteArray();
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = CsvWriterTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
