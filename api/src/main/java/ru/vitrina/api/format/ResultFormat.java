package ru.vitrina.api.format;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The representations a query answer can be sent in. JSON is written by the query handler itself;
 * every other format is a file written by {@link ResultWriters}.
 */
public enum ResultFormat {
    JSON("json", "application/json", "json"),
    /** For programs: UTF-8 with BOM, comma, decimal point, ISO dates, header of column keys. */
    CSV("csv", "text/csv; charset=utf-8", "csv"),
    /** For Excel under a Russian locale: semicolon, decimal comma, dd.MM.yyyy, header of Russian titles. */
    CSV_RU("csv-ru", "text/csv; charset=utf-8", "csv"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    PARQUET("parquet", "application/vnd.apache.parquet", "parquet"),
    /** Arrow IPC streaming format; {@code .arrows} is the extension the Arrow project recommends for it. */
    ARROW("arrow", "application/vnd.apache.arrow.stream", "arrows");

    private final String parameterValue;
    private final String contentType;
    private final String extension;

    ResultFormat(String parameterValue, String contentType, String extension) {
        this.parameterValue = parameterValue;
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The value of {@code ?format=} that selects this format. */
    public String parameterValue() {
        return parameterValue;
    }

    /** The Content-Type header value of a response in this format. */
    public String contentType() {
        return contentType;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    /** True for the formats {@link ResultWriters} writes, false for JSON, which the handler writes. */
    public boolean isFile() {
        return this != JSON;
    }

    /** {@code baseName} made safe for a file name, with this format's extension. */
    public String fileName(String baseName) {
        return FileNames.safeBaseName(baseName) + "." + extension;
    }

    /**
     * A Content-Disposition header value that makes a browser save the answer as a file: a
     * transliterated ASCII {@code filename} for old clients and the exact UTF-8 {@code filename*}
     * (RFC 6266, RFC 8187) so Russian names survive.
     */
    public String contentDisposition(String baseName) {
        return FileNames.attachment(fileName(baseName));
    }

    /** The format selected by a {@code ?format=} value, compared without regard to case. */
    public static Optional<ResultFormat> byParameterValue(String value) {
        requireNonNull(value, "value");
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.parameterValue.equals(wanted)).findFirst();
    }

    /** Every {@code ?format=} value, in declaration order. */
    public static List<String> parameterValues() {
        return Arrays.stream(values()).map(ResultFormat::parameterValue).toList();
    }
}
