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
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /api/v1/sql} with {@code {"sql": "SELECT ...", "parameters": [...]}}: read-only SQL over the cube
 * tables, in any of the answer formats. JSON answers stop at the row limit and say so.
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

    private void writeJson(Context ctx, QueryCursor cursor) throws Exception {
        ctx.contentType("application/json; charset=utf-8");
        List<ResultColumn> columns = cursor.columns();
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
            ResultSet rows = cursor.resultSet();
            long count = 0;
            boolean truncated = false;
            while (rows.next()) {
                if (count == limits.maxRows()) {
                    truncated = true;
                    break;
                }
                out.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    out.writeFieldName(columns.get(i).key());
                    AnswerJson.writePlain(out, Values.normalize(rows.getObject(i + 1)));
                }
                out.writeEndObject();
                count++;
            }
            out.writeEndArray();
            ctx.attribute(AuditTrail.ROWS, count);
            out.writeNumberField("rowCount", count);
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
