package ru.vitrina.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import ru.vitrina.engine.query.QueryException;

import java.util.regex.Pattern;

/**
 * Reads the query of a request: Cube's {@code {"query": {...}}} body, a bare query body, or {@code ?query=} on GET;
 * and the JSON body of {@code /api/v1/sql}. The one place the query API parses JSON, so its errors read the same.
 */
final class QueryDocument {
    /** Where Jackson's message turns to its own internals: the source it hides, its feature names. */
    private static final Pattern JACKSON_INTERNALS =
            Pattern.compile("\\s*(\\(start marker at |: enable `|: maybe a \\(non-standard\\) comment).*", Pattern.DOTALL);

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
        // Some editors on Windows start a saved UTF-8 file with a byte order mark; it is not part of the JSON.
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try {
            // Without the trailing-token check, a second query after the first was silently dropped.
            return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(content);
        } catch (JsonProcessingException e) {
            throw invalidJson(e, json);
        }
    }

    /** What is wrong and where, in the words of neither Jackson's internals nor its settings. */
    private static QueryException invalidJson(JsonProcessingException e, ObjectMapper json) {
        String ru;
        String en;
        if (e instanceof JsonEOFException) {
            ru = "текст обрывается";
            en = "the text ends too early";
        } else if (e instanceof StreamConstraintsException && e.getOriginalMessage().contains("nesting depth")) {
            int depth = json.getFactory().streamReadConstraints().getMaxNestingDepth();
            ru = "вложенность глубже " + depth + " уровней";
            en = "nested deeper than " + depth + " levels";
        } else if (e instanceof StreamConstraintsException) {
            ru = "слишком длинное число, строка или документ";
            en = "a number, string or document too long";
        } else if (e instanceof MismatchedInputException) {
            // A tree takes any value, so the only mismatch left is text after the value.
            ru = "после JSON-значения идёт ещё текст";
            en = "more text follows the JSON value";
        } else {
            ru = "ошибка синтаксиса";
            en = JACKSON_INTERNALS.matcher(e.getOriginalMessage()).replaceFirst("");
        }
        var at = e.getLocation();
        boolean located = at != null && at.getLineNr() > 0;
        return QueryException.badRequest(
                "Неверный JSON: " + ru + (located ? " в строке " + at.getLineNr() + ", столбце " + at.getColumnNr() : ""),
                "invalid JSON: " + en + (located ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : ""));
    }
}
