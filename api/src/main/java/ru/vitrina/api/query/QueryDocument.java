package ru.vitrina.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import ru.vitrina.engine.query.QueryException;

/** Reads the query of a request: Cube's {@code {"query": {...}}} body, a bare query body, or {@code ?query=} on GET. */
final class QueryDocument {
    private QueryDocument() {
    }

    static JsonNode read(Context ctx, ObjectMapper json) {
        return document(text(ctx), json);
    }

    /** The query of a request as sent, before parsing: {@code ?query=} or the body. */
    static String text(Context ctx) {
        String text = ctx.queryParam("query");
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
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw QueryException.badRequest("Запрос — не корректный JSON: " + e.getOriginalMessage()
                            + location(e), "the query is not valid JSON: " + e.getOriginalMessage() + location(e));
        }
        if (node != null && node.has("query") && node.size() <= 2) {
            node = node.get("query");
            if (node.isTextual()) {
                return read(node.asText(), json);
            }
        }
        return node;
    }

    /** Parses a JSON request body, refusing malformed JSON with a 400 that says where it breaks. */
    static JsonNode parse(String text, ObjectMapper json) {
        if (text == null || text.isBlank()) {
            throw QueryException.badRequest("Пустое тело запроса", "empty request body");
        }
        return read(text, json);
    }

    private static JsonNode read(String text, ObjectMapper json) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw QueryException.badRequest("Запрос — не корректный JSON: " + e.getOriginalMessage(),
                    "the query is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
