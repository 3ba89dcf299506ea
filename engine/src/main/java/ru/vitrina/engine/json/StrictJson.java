package ru.vitrina.engine.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The one reader of JSON that users send (request bodies, JSON in a parameter), so a malformed document is refused
 * in the same words everywhere: what is wrong and where, never Jackson's internals. Each caller says how it refuses
 * (its exception, its status), given the Russian and the English text.
 */
public final class StrictJson {
    /** Where Jackson's message turns to its own internals: the source it hides, its feature names. */
    private static final Pattern JACKSON_INTERNALS =
            Pattern.compile("\\s*(\\(start marker at |: enable `|: maybe a \\(non-standard\\) comment).*", Pattern.DOTALL);

    /** Jackson's words for a key given twice in one object. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    private StrictJson() {
    }

    /**
     * The JSON value of {@code text}; a byte order mark before it is skipped, any text after it is refused.
     *
     * @param refusal makes the exception thrown for malformed JSON from its Russian and English text
     */
    public static JsonNode read(String text, ObjectMapper json, BiFunction<String, String, ? extends RuntimeException> refusal) {
        // Some editors on Windows start a saved UTF-8 file with a byte order mark; it is not part of the JSON.
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try {
            // Without the trailing-token check, a second document after the first was silently dropped.
            // A key given twice kept its last value silently: {"value": 55, "value": 56} entered 56.
            return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid(e, json, refusal);
        }
    }

    /** What is wrong and where, in the words of neither Jackson's internals nor its settings. */
    private static RuntimeException invalid(JsonProcessingException e, ObjectMapper json,
                                            BiFunction<String, String, ? extends RuntimeException> refusal) {
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
        } else if (DUPLICATE.matcher(e.getOriginalMessage()).matches()) {
            String field = DUPLICATE.matcher(e.getOriginalMessage()).replaceFirst("$1");
            ru = "поле «" + field + "» указано дважды";
            en = "the field «" + field + "» is given twice";
        } else {
            ru = "ошибка синтаксиса";
            en = JACKSON_INTERNALS.matcher(e.getOriginalMessage()).replaceFirst("");
        }
        var at = e.getLocation();
        boolean located = at != null && at.getLineNr() > 0;
        return refusal.apply(
                "Неверный JSON: " + ru + (located ? " в строке " + at.getLineNr() + ", столбце " + at.getColumnNr() : ""),
                "invalid JSON: " + en + (located ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : ""));
    }
}
