package ru.vitrina.opendata.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import ru.vitrina.cubes.model.LocalizedText;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One open data set: its passport (methodical recommendations v3.0) and the cube query that yields its rows, so
 * that the public sees the numbers of the dashboards, computed by the same measure definitions.
 *
 * @param code      the part of the identifier after the owner's INN, Latin letters and digits
 * @param validDays how long after an update the data stay current (passport «Дата актуальности»)
 * @param query     a query in the Cube format, run by the query engine
 * @param source    where the numbers come from (shown on the passport page, in CKAN and in datapackage.json)
 * @param disclosure cells to hide before publication, or null when the set counts no persons
 */
public record DataSet(String code, String ownerInn, LocalizedText title, LocalizedText description, LocalizedText creator,
                      List<String> keywords, Publisher publisher, LocalizedText periodicity, int validDays,
                      Licence licence, Source source, JsonNode query, DisclosureSpec disclosure) {
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern INN = Pattern.compile("\\d{10}|\\d{12}");

    public DataSet {
        requireNonNull(code, "code");
        requireNonNull(ownerInn, "ownerInn");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("data set code must be Latin letters and digits, starting with a letter: " + code);
        }
        if (!INN.matcher(ownerInn).matches()) {
            throw new IllegalArgumentException("owner INN must have 10 or 12 digits: " + ownerInn);
        }
        requireNonNull(title, "title");
        requireNonNull(description, "description");
        requireNonNull(creator, "creator");
        keywords = List.copyOf(keywords);
        requireNonNull(publisher, "publisher");
        requireNonNull(periodicity, "periodicity");
        requireNonNull(licence, "licence");
        requireNonNull(source, "source");
        requireNonNull(query, "query");
        if (validDays <= 0) {
            throw new IllegalArgumentException("valid_days must be positive in data set " + code);
        }
    }

    /** {@code <INN>-<code>}, as the recommendations require. */
    public String identifier() {
        return ownerInn + "-" + code;
    }

    /** The identifier in lower case: CKAN's package name and Frictionless' package name. */
    public String name() {
        return identifier().toLowerCase(Locale.ROOT);
    }
}
