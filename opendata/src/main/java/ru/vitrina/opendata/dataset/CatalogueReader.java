package ru.vitrina.opendata.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.cubes.model.LocalizedText;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the catalogue file ({@code opendata/catalogue.yaml} on the class path) and the data set files it names
 * ({@code opendata/datasets/<code>.yaml}). Values missing in a data set file (creator, publisher, licence) are taken
 * from the catalogue's {@code defaults}.
 */
public final class CatalogueReader {
    public static final String BUILT_IN = "opendata/catalogue.yaml";
    private static final String DATA_SETS = "opendata/datasets/";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public Catalogue builtIn() {
        JsonNode root = read(BUILT_IN);
        String inn = text(root, "owner_inn", BUILT_IN);
        JsonNode defaults = root.path("defaults");
        List<DataSet> sets = new ArrayList<>();
        for (JsonNode code : root.path("datasets")) {
            String file = DATA_SETS + code.asText() + ".yaml";
            sets.add(dataSet(read(file), defaults, inn, file));
        }
        if (sets.isEmpty()) {
            throw new DataSetException(BUILT_IN, "lists no data sets (datasets: [...])");
        }
        try {
            return new Catalogue(text(root, "organization", BUILT_IN), localized(root, "organization_title", BUILT_IN), inn, sets);
        } catch (IllegalArgumentException e) {
            throw new DataSetException(BUILT_IN, e.getMessage(), e);
        }
    }

    private DataSet dataSet(JsonNode node, JsonNode defaults, String inn, String file) {
        JsonNode publisher = pick(node, defaults, "publisher", file);
        JsonNode licence = pick(node, defaults, "licence", file);
        JsonNode disclosure = node.get("disclosure");
        List<String> keywords = new ArrayList<>();
        node.path("keywords").forEach(k -> keywords.add(k.asText()));
        if (!node.hasNonNull("query")) {
            throw new DataSetException(file, "has no query");
        }
        try {
            return new DataSet(text(node, "code", file), inn, localized(node, "title", file), localized(node, "description", file),
                    node.has("creator") ? localized(node, "creator", file) : localized(defaults, "creator", file),
                    keywords,
                    new Publisher(text(publisher, "name", file), text(publisher, "phone", file), text(publisher, "mbox", file)),
                    localized(node, "periodicity", file), node.path("valid_days").asInt(0),
                    new Licence(text(licence, "id", file), text(licence, "title", file), text(licence, "url", file)),
                    new Source(localized(node, "source", file), node.path("source").path("url").asText(null)),
                    node.get("query"),
                    disclosure == null ? null : new DisclosureSpec(text(disclosure, "count", file), strings(disclosure.path("also")),
                            text(disclosure, "rows", file), text(disclosure, "columns", file), strings(disclosure.path("by")),
                            disclosure.path("threshold").asInt(DisclosureSpec.DEFAULT_THRESHOLD)));
        } catch (IllegalArgumentException e) {
            throw new DataSetException(file, e.getMessage(), e);
        }
    }

    private static JsonNode pick(JsonNode node, JsonNode defaults, String field, String file) {
        JsonNode value = node.has(field) ? node.get(field) : defaults.get(field);
        if (value == null || !value.isObject()) {
            throw new DataSetException(file, "needs '" + field + "' (in the file or in the catalogue's defaults)");
        }
        return value;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new DataSetException(file, "needs a non-empty '" + field + "'");
        }
        return value.asText();
    }

    private static LocalizedText localized(JsonNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new DataSetException(file, "needs '" + field + "' ({ru: ..., en: ...})");
        }
        if (value.isTextual()) {
            return LocalizedText.of(value.asText());
        }
        if (!value.hasNonNull("ru")) {
            throw new DataSetException(file, "'" + field + "' needs its Russian text (ru)");
        }
        return new LocalizedText(value.get("ru").asText(), value.path("en").asText(null));
    }

    private JsonNode read(String resource) {
        try (InputStream in = CatalogueReader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataSetException(resource, "not found on the class path");
            }
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new DataSetException(resource, "cannot be read: " + e.getMessage(), e);
        }
    }
}
