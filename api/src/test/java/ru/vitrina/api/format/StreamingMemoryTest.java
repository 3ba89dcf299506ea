package ru.vitrina.api.format;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.ResultColumn;

import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers stream: the heap a writer needs does not grow with the answer. Each test writes a large
 * answer into a stream that throws the bytes away, and every few megabytes of output looks at the
 * heap after a full GC. The bound is loose on purpose (a leak of all rows would be hundreds of MB);
 * nothing here measures time.
 */
class StreamingMemoryTest {
    private static final long ALLOWED_GROWTH = 64L * 1024 * 1024;
    private static final int ROWS = 2_000_000;

    private static final List<ResultColumn> COLUMNS = List.of(
            new ResultColumn("t.id", "Номер", "Number", ColumnType.NUMBER, null, "integer"),
            new ResultColumn("t.region", "Район", "District", ColumnType.STRING, null, null),
            new ResultColumn("t.fact", "Исполнено", "Actual", ColumnType.NUMBER, "руб.", "currency"),
            new ResultColumn("t.day.day", "День", "Day", ColumnType.TIME, null, null),
            new ResultColumn("t.flag", "Признак", "Flag", ColumnType.BOOLEAN, null, null));

    @AutoClose
    private final Connection connection = DuckDbCursor.openDatabase();

    @ParameterizedTest
    @EnumSource(value = ResultFormat.class, names = {"CSV", "CSV_RU", "ARROW", "PARQUET"})
    void twoMillionRowsDoNotGrowTheHeap(ResultFormat format) throws IOException {
        ResultWriter writer = new ResultWriters(Clock.systemDefaultZone(), null).writer(format);
        // Arrow and Parquet are compact, so they are looked at more often to be looked at at all.
        long sampleEvery = format == ResultFormat.CSV || format == ResultFormat.CSV_RU ? 16L << 20 : 2L << 20;
        long bytes = assertHeapStaysFlat(writer, ROWS, sampleEvery);
        assertThat(bytes).as("something was written").isGreaterThan(ROWS);
    }

    /** A full sheet, which also shows that the last row Excel can hold is still accepted. */
    @Test
    void aFullExcelSheetDoesNotGrowTheHeap() throws IOException {
        long bytes = assertHeapStaysFlat(new XlsxWriter(Clock.systemDefaultZone()), XlsxWriter.MAX_DATA_ROWS,
                2L << 20);
        assertThat(bytes).isGreaterThan(XlsxWriter.MAX_DATA_ROWS);
    }

    private long assertHeapStaysFlat(ResultWriter writer, int rows, long sampleEveryBytes) throws IOException {
        String sql = "SELECT range AS id, 'Район № ' || (range % 1000) AS region, "
                + "(range * 1.25)::DECIMAL(18, 2) AS fact, DATE '2024-01-01' + (range % 365)::INTEGER AS day, "
                + "range % 2 = 0 AS flag FROM range(" + rows + ")";
        long baseline = usedHeapAfterGc();
        HeapPeak peak = new HeapPeak(baseline);
        CountingOutputStream out = new CountingOutputStream(sampleEveryBytes, written -> peak.sample());
        try (DuckDbCursor cursor = new DuckDbCursor(connection, sql, COLUMNS, Fixtures.VERSION)) {
            writer.write(cursor, out);
            peak.sample();
        }
        assertThat(peak.samples).as("the heap was looked at while writing").isGreaterThanOrEqualTo(3);
        assertThat(peak.max - baseline)
                .as("heap growth while writing %,d rows (%,d bytes out)", rows, out.bytes())
                .isLessThan(ALLOWED_GROWTH);
        return out.bytes();
    }

    private static final class HeapPeak {
        long max;
        int samples;

        HeapPeak(long baseline) {
            this.max = baseline;
        }

        void sample() {
            samples++;
            max = Math.max(max, usedHeapAfterGc());
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
