package ru.vitrina.opendata.ckan;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * CKAN's {@code fq} (Solr syntax) in the subset CKAN clients send: {@code field:value}, {@code field:"a value"},
 * ranges {@code metadata_modified:[2026-11-01T00:00:00Z TO *]} (the incremental harvest of ckanext-harvest), a
 * leading {@code -} to negate, {@code OR} between terms, {@code AND} or a space between groups, parentheses
 * ignored. Anything else is refused with CKAN's Search Query Error naming the part that could not be read.
 */
final class FilterQuery {
    private static final List<String> FIELD_NAMES = List.of("tags", "organization", "owner_org", "res_format", "name", "id",
            "license_id", "type", "state", "groups", "metadata_modified", "metadata_created");
    static final String FIELDS = String.join(", ", FIELD_NAMES);

    /** Terms joined by AND, each a list of alternatives joined by OR. */
    private final List<List<Term>> clauses;

    private FilterQuery(List<List<Term>> clauses) {
        this.clauses = List.copyOf(clauses);
    }

    static FilterQuery parse(String text) {
        List<List<Term>> clauses = new ArrayList<>();
        boolean orNext = false;
        for (String token : tokens(text == null ? "" : text)) {
            if (token.equals("AND") || token.equals("&&")) {
                continue;
            }
            if (token.equals("OR") || token.equals("||")) {
                if (clauses.isEmpty()) {
                    throw CkanError.searchQuery("Условие fq начинается с OR", "fq starts with OR");
                }
                orNext = true;
                continue;
            }
            if (token.equals("*:*")) {
                continue;
            }
            Term term = Term.parse(token);
            if (orNext) {
                clauses.get(clauses.size() - 1).add(term);
            } else {
                clauses.add(new ArrayList<>(List.of(term)));
            }
            orNext = false;
        }
        if (orNext) {
            throw CkanError.searchQuery("Условие fq кончается на OR", "fq ends with OR");
        }
        return new FilterQuery(clauses);
    }

    /** Whether a package dict passes every clause. */
    boolean matches(JsonNode dict) {
        return clauses.stream().allMatch(any -> any.stream().anyMatch(term -> term.matches(dict)));
    }

    /** One {@code field:value} word of a {@code q}, matched like an fq term. */
    static boolean matchesWord(JsonNode dict, String word) {
        return Term.parse(word).matches(dict);
    }

    /** Splits on spaces outside quotes and brackets; parentheses around groups are dropped. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        char closing = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (closing != 0) {
                token.append(c);
                // A range may mix its ends: [a TO b} includes a and leaves b out.
                if (c == closing || (closing == ']' && c == '}')) {
                    closing = 0;
                }
            } else if (c == '"') {
                token.append(c);
                closing = '"';
            } else if (c == '[' || c == '{') {
                token.append(c);
                closing = ']';
            } else if (Character.isWhitespace(c) || c == '(' || c == ')') {
                if (token.length() > 0) {
                    tokens.add(token.toString());
                    token.setLength(0);
                }
            } else {
                token.append(c);
            }
        }
        if (closing != 0) {
            throw CkanError.searchQuery("В fq не закрыта кавычка или скобка: «" + token + "»", "fq has an unclosed quote or bracket: '" + token + "'");
        }
        if (token.length() > 0) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    /** One {@code [-]field:value} or {@code [-]field:[from TO to]}. */
    private record Term(String field, boolean negated, String value, Instant from, Instant to, boolean fromInclusive,
                        boolean toInclusive) {
        private Term {
            requireNonNull(field, "field");
        }

        static Term parse(String token) {
            boolean negated = token.startsWith("-") || token.startsWith("!");
            String body = negated || token.startsWith("+") ? token.substring(1) : token;
            int colon = body.indexOf(':');
            if (colon <= 0) {
                throw CkanError.searchQuery("Условие fq «" + token + "» должно быть вида поле:значение", "fq term '" + token + "' must be field:value");
            }
            String field = body.substring(0, colon);
            String value = body.substring(colon + 1);
            checkField(field);
            if (value.startsWith("[") || value.startsWith("{")) {
                return range(token, field, negated, value);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            return new Term(field, negated, value, null, null, true, true);
        }

        private static void checkField(String field) {
            if (!FIELD_NAMES.contains(field)) {
                throw CkanError.searchQuery("Нельзя фильтровать по полю «" + field + "»; можно: " + FIELDS,
                        "cannot filter on field '" + field + "'; use " + FIELDS);
            }
        }

        private static Term range(String token, String field, boolean negated, String value) {
            if (!field.equals("metadata_modified") && !field.equals("metadata_created")) {
                throw CkanError.searchQuery("Диапазон «" + token + "» возможен только для metadata_modified и metadata_created",
                        "a range such as '" + token + "' works on metadata_modified and metadata_created only");
            }
            char last = value.charAt(value.length() - 1);
            String[] bounds = value.substring(1, value.length() - 1).trim().split("\\s+TO\\s+");
            if ((last != ']' && last != '}') || bounds.length != 2) {
                throw CkanError.searchQuery("Диапазон «" + token + "» пишется как [начало TO конец]", "write the range '" + token + "' as [from TO to]");
            }
            return new Term(field, negated, null, instant(bounds[0], token), instant(bounds[1], token), value.charAt(0) == '[', last == ']');
        }

        /** An ISO date-time, UTC when it names no zone (as metadata_modified is written), or * for no bound. */
        private static Instant instant(String text, String token) {
            if (text.equals("*")) {
                return null;
            }
            try {
                return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw CkanError.searchQuery("Граница «" + text + "» в «" + token + "» — не дата и время ГГГГ-ММ-ДДTчч:мм:ссZ",
                        "bound '" + text + "' in '" + token + "' is not a date-time YYYY-MM-DDThh:mm:ssZ");
            }
        }

        boolean matches(JsonNode dict) {
            return negated != positive(dict);
        }

        private boolean positive(JsonNode dict) {
            switch (field) {
                case "tags":
                    return dict.path("tags").findValuesAsText("name").stream().anyMatch(tag -> tag.equalsIgnoreCase(value));
                case "organization":
                case "owner_org":
                    return dict.path("owner_org").asText().equals(value);
                case "res_format":
                    return dict.path("resources").findValuesAsText("format").stream().anyMatch(format -> format.equalsIgnoreCase(value));
                case "groups":
                    return false; // the catalogue has no groups
                case "metadata_modified":
                case "metadata_created":
                    return inRange(dict.path(field).asText(""));
                default:
                    return dict.path(field).asText().equalsIgnoreCase(value);
            }
        }

        private boolean inRange(String written) {
            if (written.isEmpty()) {
                return false;
            }
            Instant at = LocalDateTime.parse(written).toInstant(ZoneOffset.UTC);
            if (value != null) {
                return at.equals(instant(value, field + ":" + value));
            }
            boolean afterFrom = from == null || (fromInclusive ? !at.isBefore(from) : at.isAfter(from));
            boolean beforeTo = to == null || (toInclusive ? !at.isAfter(to) : at.isBefore(to));
            return afterFrom && beforeTo;
        }
    }
}
