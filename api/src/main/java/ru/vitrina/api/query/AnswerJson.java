package ru.vitrina.api.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.engine.query.ColumnType;
import ru.vitrina.engine.query.CubeQuery;
import ru.vitrina.engine.query.QueryAnswer;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.query.TimeDimensionQuery;
import ru.vitrina.engine.store.DataVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Writes an answer in the shape of Cube's {@code /v1/load} response: {@code query}, {@code data} (one object per row,
 * keyed by member), {@code annotation}, {@code total}; plus Vitrina's {@code totals}, {@code drillDown} and
 * {@code dataVersion}.
 */
public final class AnswerJson {
    static final DateTimeFormatter CUBE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** How numbers are written: as JSON numbers, or as strings the way Cube's drivers return them. */
    public enum Numbers { JSON, STRINGS }

    /** Writes values that have no column metadata (SQL answers); one instance, not one per cell. */
    private static final AnswerJson PLAIN = new AnswerJson(Numbers.JSON);

    private static final JsonFactory FRAGMENTS = new JsonFactory();

    private final Numbers numbers;
    /**
     * The rows and annotation of cached answers, already written. A dashboard asks the same cached answers over and
     * over, and writing a few hundred rows of numbers and dates cost more than all the rest of a cache hit
     * (profiled under 64 clients). Keyed by the identity of the cached rows (weak keys compare by identity), which
     * every copy of one cached answer shares: when the result cache drops an answer, its text goes with it.
     */
    private final Cache<List<Object[]>, Rendered> rendered = Caffeine.newBuilder().weakKeys().build();

    public AnswerJson(Numbers numbers) {
        this.numbers = requireNonNull(numbers, "numbers");
    }

    /** The JSON text of an answer's {@code data} and {@code annotation}. */
    private record Rendered(String data, String annotation) {
    }

    public void write(JsonGenerator json, JsonNode originalQuery, QueryAnswer answer) throws IOException {
        writeHead(json, originalQuery, answer);
        json.writeNumberField("durationMs", millis(answer.durationNanos()));
        writeTail(json, answer);
    }

    /**
     * The complete body of an answer, cut around the value of {@code durationMs}: the one part that changes between
     * two responses of one cached answer.
     */
    public Body render(JsonFactory factory, JsonNode originalQuery, QueryAnswer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int head;
        int valueEnd;
        try (JsonGenerator json = factory.createGenerator(out)) {
            writeHead(json, originalQuery, answer);
            json.writeFieldName("durationMs");
            json.flush();
            head = out.size();
            json.writeNumber(0);
            json.flush();
            valueEnd = out.size();
            writeTail(json, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = out.toByteArray();
        // Between the name and the value the generator wrote its separator, then the "0" just written.
        return new Body(Arrays.copyOfRange(all, 0, valueEnd - 1), Arrays.copyOfRange(all, valueEnd, all.length),
                answer.dataVersion(), answer.rollup(), answer.rows().size());
    }

    /**
     * An answer's JSON body without its duration: {@code head}, the duration in milliseconds, {@code tail}.
     *
     * @param version the data version of the answer; rollup the rollup it was read from, or null; rows how many rows
     */
    public record Body(byte[] head, byte[] tail, DataVersion version, String rollup, int rows) {
        public Body {
            requireNonNull(head, "head");
            requireNonNull(tail, "tail");
        }

        public int size() {
            return head.length + tail.length;
        }

        public void write(OutputStream out, long durationNanos) throws IOException {
            out.write(head);
            out.write(duration(durationNanos));
            out.write(tail);
        }

        /** The value of {@code durationMs} as the body writes it. */
        static byte[] duration(long durationNanos) {
            return millis(durationNanos).toPlainString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Nanoseconds as milliseconds with three decimals, as the body's {@code durationMs} and Server-Timing give them. */
    static BigDecimal millis(long nanos) {
        return BigDecimal.valueOf(nanos, 6).setScale(3, RoundingMode.HALF_UP);
    }

    private void writeHead(JsonGenerator json, JsonNode originalQuery, QueryAnswer answer) throws IOException {
        json.writeStartObject();
        json.writeFieldName("query");
        json.writeTree(originalQuery);
        if (answer.cached()) {
            Rendered text = rendered.get(answer.rows(), rows -> render(answer));
            json.writeFieldName("data");
            json.writeRawValue(text.data());
            json.writeFieldName("annotation");
            json.writeRawValue(text.annotation());
        } else {
            json.writeFieldName("data");
            writeRows(json, answer.query(), answer.columns(), answer.rows());
            json.writeFieldName("annotation");
            writeAnnotation(json, answer.query(), answer.columns());
        }
        if (answer.total() != null) {
            json.writeNumberField("total", answer.total());
        }
        if (answer.totals() != null) {
            json.writeFieldName("totals");
            writeRows(json, answer.query(), answer.totalsQuery().columns(), answer.totals());
        }
        if (answer.drillDown() != null) {
            json.writeFieldName("drillDown");
            json.writePOJO(answer.drillDown());
        }
        writeProvenance(json, answer.dataVersion());
    }

    private static void writeTail(JsonGenerator json, QueryAnswer answer) throws IOException {
        json.writeStringField("cache", answer.cached() ? "hit" : "miss");
        json.writeStringField("rollup", answer.rollup());
        json.writeStringField("dataSource", "default");
        json.writeStringField("dbType", "duckdb");
        json.writeBooleanField("external", false);
        json.writeBooleanField("slowQuery", false);
        json.writeEndObject();
    }

    private Rendered render(QueryAnswer answer) {
        try {
            StringWriter data = new StringWriter();
            try (JsonGenerator json = FRAGMENTS.createGenerator(data)) {
                writeRows(json, answer.query(), answer.columns(), answer.rows());
            }
            StringWriter annotation = new StringWriter();
            try (JsonGenerator json = FRAGMENTS.createGenerator(annotation)) {
                writeAnnotation(json, answer.query(), answer.columns());
            }
            return new Rendered(data.toString(), annotation.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeProvenance(JsonGenerator json, DataVersion version) throws IOException {
        if (version == null) {
            json.writeNullField("lastRefreshTime");
            json.writeNullField("dataVersion");
            return;
        }
        json.writeStringField("lastRefreshTime", CUBE_TIME.format(version.publishedInstant().withOffsetSameInstant(ZoneOffset.UTC)) + "Z");
        json.writeObjectFieldStart("dataVersion");
        json.writeNumberField("version", version.version());
        json.writeStringField("publishedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(version.publishedInstant()));
        json.writeStringField("publishedBy", version.publishedBy());
        json.writeEndObject();
    }

    private void writeRows(JsonGenerator json, CubeQuery query, List<ResultColumn> columns, List<Object[]> rows) throws IOException {
        Map<String, String> alsoAs = plainTimeKeys(query);
        // An answer's times are few buckets repeated on many rows, and formatting one is most of writing a cell.
        Map<LocalDateTime, String> timeTexts = new HashMap<>();
        json.writeStartArray();
        for (Object[] row : rows) {
            json.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                ResultColumn column = columns.get(i);
                Object value = row[i] instanceof LocalDateTime time ? timeTexts.computeIfAbsent(time, CUBE_TIME::format) : row[i];
                json.writeFieldName(column.key());
                writeValue(json, column, value);
                String plain = alsoAs.get(column.key());
                if (plain != null) {
                    json.writeFieldName(plain);
                    writeValue(json, column, value);
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Cube also returns a bucketed time dimension under its plain name, when the query does not name it otherwise. */
    private static Map<String, String> plainTimeKeys(CubeQuery query) {
        return query.timeDimensions().stream()
                .filter(TimeDimensionQuery::grouped)
                .filter(t -> query.dimensions().stream().noneMatch(d -> d.key().equals(t.dimension().key())))
                .collect(Collectors.toMap(TimeDimensionQuery::key, t -> t.dimension().key(), (a, b) -> a));
    }

    /** A value of an answer without column metadata: times as Cube writes them, numbers as JSON numbers. */
    static void writePlain(JsonGenerator json, Object value) throws IOException {
        PLAIN.writeValue(json, null, value);
    }

    private void writeValue(JsonGenerator json, ResultColumn column, Object value) throws IOException {
        // JSON has no Infinity or NaN (1/0.0, LN(0) in SQL; a ratio of measures over a zero): null, as for no value.
        if (value == null || value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            json.writeNull();
        } else if (value instanceof LocalDateTime time) {
            json.writeString(CUBE_TIME.format(time));
        } else if (value instanceof LocalDate date) {
            json.writeString(CUBE_TIME.format(date.atStartOfDay()));
        } else if (value instanceof Number number) {
            writeNumber(json, column, number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(value.toString());
        }
    }

    private void writeNumber(JsonGenerator json, ResultColumn column, Number number) throws IOException {
        BigDecimal decimal = number instanceof BigDecimal big ? big : new BigDecimal(number.toString());
        if (numbers == Numbers.STRINGS && column != null && column.type() == ColumnType.NUMBER) {
            json.writeString(decimal.stripTrailingZeros().toPlainString());
        } else if (number instanceof Long || number instanceof Integer || number instanceof Short) {
            json.writeNumber(number.longValue());
        } else {
            json.writeNumber(decimal);
        }
    }

    private static void writeAnnotation(JsonGenerator json, CubeQuery query, List<ResultColumn> columns) throws IOException {
        Map<String, String> alsoAs = plainTimeKeys(query);
        json.writeStartObject();
        writeAnnotationGroup(json, "measures", columns.stream().filter(c -> isMeasure(query, c)).toList(), Map.of());
        writeAnnotationGroup(json, "dimensions", columns.stream()
                .filter(c -> query.dimensions().stream().anyMatch(d -> d.key().equals(c.key()))).toList(), Map.of());
        json.writeObjectFieldStart("segments");
        json.writeEndObject();
        writeAnnotationGroup(json, "timeDimensions", columns.stream().filter(c -> alsoAs.containsKey(c.key())
                || query.timeDimensions().stream().anyMatch(t -> t.grouped() && t.key().equals(c.key()))).toList(), alsoAs);
        json.writeEndObject();
    }

    private static boolean isMeasure(CubeQuery query, ResultColumn column) {
        return query.dimensions().stream().noneMatch(d -> d.key().equals(column.key()))
                && query.timeDimensions().stream().noneMatch(t -> t.grouped() && t.key().equals(column.key()))
                && !column.key().startsWith("$");
    }

    private static void writeAnnotationGroup(JsonGenerator json, String name, List<ResultColumn> columns,
                                             Map<String, String> alsoAs) throws IOException {
        json.writeObjectFieldStart(name);
        for (ResultColumn column : columns) {
            writeAnnotationEntry(json, column.key(), column);
            if (alsoAs.containsKey(column.key())) {
                writeAnnotationEntry(json, alsoAs.get(column.key()), column);
            }
        }
        json.writeEndObject();
    }

    private static void writeAnnotationEntry(JsonGenerator json, String key, ResultColumn column) throws IOException {
        json.writeObjectFieldStart(key);
        json.writeStringField("title", column.title());
        json.writeStringField("shortTitle", column.title());
        json.writeStringField("titleEn", column.titleEn());
        json.writeStringField("type", column.type().cubeName());
        if (column.unit() != null) {
            json.writeStringField("unit", column.unit());
        }
        if (column.format() != null) {
            json.writeStringField("format", column.format());
        }
        json.writeEndObject();
    }
}
