package ru.vitrina.api.format;

import java.nio.file.Path;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The writer of each file format, configured once for the server. */
public final class ResultWriters {
    private final CsvWriter csv = CsvWriter.standard();
    private final CsvWriter csvRu = CsvWriter.russianExcel();
    private final XlsxWriter xlsx;
    private final ParquetWriter parquet;
    private final ArrowStreamResultWriter arrow = new ArrowStreamResultWriter();

    /**
     * @param clock              the time printed as «generated at» in XLSX files, in the server's zone
     * @param temporaryDirectory where Parquet files are made before sending; null for the system's
     */
    public ResultWriters(Clock clock, Path temporaryDirectory) {
        this.xlsx = new XlsxWriter(requireNonNull(clock, "clock"));
        this.parquet = new ParquetWriter(temporaryDirectory);
    }

    /** The system clock and temporary directory. */
    public static ResultWriters defaults() {
        return new ResultWriters(Clock.systemDefaultZone(), null);
    }

    /** @throws IllegalArgumentException for JSON, which the query handler writes itself */
    public ResultWriter writer(ResultFormat format) {
        return switch (requireNonNull(format, "format")) {
            case CSV -> csv;
            case CSV_RU -> csvRu;
            case XLSX -> xlsx;
            case PARQUET -> parquet;
            case ARROW -> arrow;
            case JSON -> throw new IllegalArgumentException("JSON is written by the query handler, not by a file writer");
        };
    }
}
