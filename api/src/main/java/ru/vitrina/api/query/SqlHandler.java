package ru.vitrina.api.query;

import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.api.security.Access;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import ru.vitrina.api.format.ResultFormat;
import ru.vitrina.api.format.ResultFormats;
import ru.vitrina.engine.query.QueryCursor;
import ru.vitrina.engine.query.QueryException;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.ResultColumn;
import ru.vitrina.engine.query.Values;
import ru.vitrina.engine.sql.SqlService;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /api/v1/sql} with {@code {"sql": "SELECT ...", "parameters": [...]}}: read-only SQL over the cube
 * tables, in any of the answer formats. JSON answers stop at the row limit and say so; a number JSON cannot hold
 * (Infinity, NaN: {@code 1/0.0}, {@code LN(0)}) is null there, while the exports write what their format writes.
 */
public final class SqlHandler implements Handler {
    private final SqlService sql;
    private final QueryLimits limits;
    private final ObjectMapper json;
    private final ExportResponder exports;

    public SqlHandler(SqlService sql, QueryLimits limits, ObjectMapper json, ExportResponder exports) {
        this.sql = requireNonNull(sql, "sql");
        this.limits = requireNonNull(limits, "limits");
        this.json = requireNonNull(json, "json");
        this.exports = requireNonNull(exports, "exports");
    }

    @Override
    public void handle(Context ctx) throws Exception {
        JsonNode request = QueryDocument.parse(ctx.body(), json);
        if (request == null || !request.hasNonNull("sql") || !request.get("sql").isTextual()) {
            throw QueryException.badRequest("Ожидается JSON {\"sql\": \"SELECT ...\"}", "expected JSON {\"sql\": \"SELECT ...\"}");
        }
        List<Object> parameters = new ArrayList<>();
        request.path("parameters").forEach(value -> parameters.add(value.isNumber() ? value.decimalValue()
                : value.isBoolean() ? (Object) value.booleanValue() : value.asText()));
        ResultFormat format = ResultFormats.negotiate(ctx.queryParam("format"), ctx.header("Accept"));
        QueryLimits applied = format == ResultFormat.JSON ? limits : limits.forExport();
        try (QueryCursor cursor = sql.execute(request.get("sql").asText(), parameters, applied, Access.principal(ctx))) {
            if (format != ResultFormat.JSON) {
                exports.respond(ctx, cursor, format, "sql");
                return;
            }
            writeJson(ctx, cursor);
        }
    }

    /**
     * The rows are read whole (at most {@code maxRows + 1}, as {@code /api/v1/load} reads its answers) before the first
     * byte is written: DuckDB streams, so a statement fails, or is cancelled at the timeout, while its rows are read,
     * and the answer is then a proper error (400, 504) rather than a started body with an error after it. Only the
     * connection itself can fail once the body has started.
     */
    private void writeJson(Context ctx, QueryCursor cursor) throws Exception {
        List<ResultColumn> columns = cursor.columns();
        List<Object[]> data = new ArrayList<>();
        boolean truncated = false;
        try {
            ResultSet rows = cursor.resultSet();
            while (rows.next()) {
                if (data.size() == limits.maxRows()) {
                    truncated = true;
                    break;
                }
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Values.normalize(rows.getObject(i + 1));
                }
                data.add(row);
            }
        } catch (SQLException e) {
            throw cursor.failure(e);
        }
        ctx.contentType("application/json; charset=utf-8");
        try (JsonGenerator out = json.getFactory().createGenerator(ctx.outputStream())) {
            out.writeStartObject();
            out.writeArrayFieldStart("columns");
            for (ResultColumn column : columns) {
                out.writeStartObject();
                out.writeStringField("name", column.key());
                out.writeStringField("title", column.title());
                out.writeStringField("titleEn", column.titleEn());
                out.writeStringField("type", column.type().cubeName());
                if (column.unit() != null) {
                    out.writeStringField("unit", column.unit());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeArrayFieldStart("data");
            for (Object[] row : data) {
                out.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    out.writeFieldName(columns.get(i).key());
                    AnswerJson.writePlain(out, row[i]);
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            ctx.attribute(AuditTrail.ROWS, (long) data.size());
            out.writeNumberField("rowCount", data.size());
            out.writeBooleanField("truncated", truncated);
            if (truncated) {
                out.writeStringField("warning", "Показаны первые " + limits.maxRows() + " строк; полный ответ — в выгрузке (format=csv, xlsx, parquet) / "
                        + "only the first " + limits.maxRows() + " rows are shown; export for the whole answer");
            }
            AnswerJson.writeProvenance(out, cursor.dataVersion());
            out.writeEndObject();
        }
    }
}
