package ru.vitrina.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import ru.vitrina.engine.json.StrictJson;
import ru.vitrina.engine.query.QueryException;

/**
 * Reads the query of a request: Cube's {@code {"query": {...}}} body, a bare query body, or {@code ?query=} on GET;
 * and the JSON body of {@code /api/v1/sql}, both read by {@link StrictJson} like every JSON the API takes.
 */
final class QueryDocument {
    private QueryDocument() {
    }

    static JsonNode read(Context ctx, ObjectMapper json) {
        return document(text(ctx), json);
    }

    /** The query of a request as sent, before parsing: {@code ?query=} or the body. */
    static String text(Context ctx) {
        String text = ctx.queryParam("query");
        if (text == null && ctx.queryParamMap().containsKey("query")) {
            // Javalin hands a parameter it cannot decode over as null, which read as no query at all.
            throw QueryException.badRequest(
                    "Параметр query — не корректная URL-кодировка: «%» должен идти с двумя шестнадцатеричными цифрами",
                    "the query parameter is not valid URL encoding: '%' must be followed by two hex digits");
        }
        if (text == null) {
            text = ctx.body();
        }
        if (text == null || text.isBlank()) {
            throw QueryException.badRequest("Нет запроса: передайте JSON в теле POST или в параметре ?query=",
                    "no query: send JSON in the POST body or in ?query=");
        }
        return text;
    }

    /** The query in the text of a request ({@link #text}). */
    static JsonNode document(String text, ObjectMapper json) {
        JsonNode node = tree(text, json);
        if (node != null && node.has("query") && node.size() <= 2) {
            node = node.get("query");
            if (node.isTextual()) {
                return tree(node.asText(), json);
            }
        }
        return node;
    }

    /** Parses a JSON request body, refusing malformed JSON with a 400 that says where it breaks. */
    static JsonNode parse(String text, ObjectMapper json) {
        if (text == null || text.isBlank()) {
            throw QueryException.badRequest("Пустое тело запроса", "empty request body");
        }
        return tree(text, json);
    }

    private static JsonNode tree(String text, ObjectMapper json) {
        return StrictJson.read(text, json, QueryException::badRequest);
    }
}
