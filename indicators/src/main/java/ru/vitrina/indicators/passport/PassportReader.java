package ru.vitrina.indicators.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.indicators.period.Periodicity;
import ru.vitrina.indicators.target.Target;
import ru.vitrina.indicators.target.TargetParser;
import ru.vitrina.indicators.target.TargetPlan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Reads passport files: {@code catalog.yaml} names the files and the defaults; each file holds programmes with their
 * projects, sectors and indicators. Every fault names its file and indicator.
 */
public final class PassportReader {
    /** The passports shipped in the jar (reference content). */
    public static final String BUILT_IN = "indicators/";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /** The shipped catalogue. */
    public PassportCatalog builtIn() {
        JsonNode catalog = parse("catalog.yaml", resource("catalog.yaml"));
        Tolerance tolerance = tolerance(catalog.path("defaults").path("tolerance"), Tolerance.DEFAULT);
        Map<String, String> files = new LinkedHashMap<>();
        for (JsonNode file : catalog.path("files")) {
            files.put(file.asText(), resource(file.asText()));
        }
        return read(files, tolerance);
    }

    /** Passport files by name, in order; {@code tolerance} where a passport sets none. */
    public PassportCatalog read(Map<String, String> files, Tolerance defaultTolerance) {
        List<Programme> programmes = new ArrayList<>();
        List<Sector> sectors = new ArrayList<>();
        List<Passport> passports = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            JsonNode root = parse(file.getKey(), file.getValue());
            for (JsonNode programme : root.path("programmes")) {
                programmes.add(programme(file.getKey(), programme));
            }
            for (JsonNode sector : root.path("sectors")) {
                sectors.add(new Sector(sector.path("code").asText(), text(sector.path("name"))));
            }
            for (JsonNode indicator : root.path("indicators")) {
                String code = indicator.path("code").asText(null);
                try {
                    passports.add(passport(indicator, defaultTolerance));
                } catch (RuntimeException e) {
                    throw new PassportException(file.getKey(), code, e.getMessage(), e);
                }
            }
        }
        return new PassportCatalog(passports, programmes, sectors);
    }

    private Programme programme(String file, JsonNode node) {
        String code = node.path("code").asText();
        List<Project> projects = new ArrayList<>();
        for (JsonNode project : node.path("projects")) {
            projects.add(new Project(project.path("code").asText(), text(project.path("name")), code,
                    project.path("sector").asText(null)));
        }
        try {
            return new Programme(code, node.path("kind").asText(), text(node.path("name")),
                    optionalText(node.path("national_project")), projects);
        } catch (RuntimeException e) {
            throw new PassportException(file, code, e.getMessage(), e);
        }
    }

    private static Passport passport(JsonNode node, Tolerance defaultTolerance) {
        String code = required(node, "code").asText();
        Periodicity periodicity = Periodicity.parse(node.path("periodicity").asText("year"));
        List<String> projects = new ArrayList<>();
        node.path("projects").forEach(p -> projects.add(p.asText()));
        List<String> alsoListed = new ArrayList<>();
        node.path("also_listed_as").forEach(p -> alsoListed.add(p.asText()));
        JsonNode reported = node.path("reported");
        JsonNode baseline = node.path("baseline");
        return new Passport(
                code,
                text(required(node, "name")),
                text(required(node, "unit")),
                ValueType.valueOf(node.path("value_type").asText("percent").toUpperCase(Locale.ROOT)),
                range(node.path("range")),
                periodicity,
                Direction.valueOf(node.path("direction").asText("higher").toUpperCase(Locale.ROOT)),
                TargetReading.valueOf(node.path("target_reading").asText("year_end").toUpperCase(Locale.ROOT)),
                method(node.path("method")),
                optionalText(node.path("source")),
                optionalText(node.path("responsible")),
                node.path("sector").asText(null),
                required(node, "programme").asText(),
                projects,
                targets(node),
                tolerance(node.path("tolerance"), defaultTolerance),
                optionalText(node.path("legal_basis")),
                baseline.isMissingNode() ? null : new Baseline(baseline.path("year").asInt(), baseline.path("value").asDouble()),
                reported.isMissingNode() ? null : new Reported(reported.path("value").asDouble(), reported.path("as_of").asText("")),
                node.path("due_days").asInt(periodicity.defaultDueDays()),
                node.path("kind").asText(null),
                alsoListed,
                node.path("flags").asText(null),
                node.path("note").asText(null));
    }

    private static Method method(JsonNode node) {
        String kind = node.path("kind").asText("manual").toUpperCase(Locale.ROOT);
        return new Method(Method.Kind.valueOf(kind), node.path("measure").asText(null),
                node.path("numerator").asText(null), node.path("denominator").asText(null),
                node.path("scale").asDouble(1), node.path("time").asText(null), node.path("territory").asText(null),
                node.path("formula").asText(null));
    }

    private static TargetPlan targets(JsonNode node) {
        Map<Integer, Target> byYear = years(node.path("targets"));
        Target constant = node.has("target") ? TargetParser.parse(scalar(node.get("target"))) : null;
        Map<String, Map<Integer, Target>> byTerritory = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> territories = node.path("targets_by_territory").fields();
        while (territories.hasNext()) {
            Map.Entry<String, JsonNode> territory = territories.next();
            byTerritory.put(territory.getKey(), years(territory.getValue()));
        }
        return new TargetPlan(byYear, constant, byTerritory);
    }

    private static Map<Integer, Target> years(JsonNode node) {
        Map<Integer, Target> byYear = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> years = node.fields();
        while (years.hasNext()) {
            Map.Entry<String, JsonNode> year = years.next();
            byYear.put(Integer.parseInt(year.getKey()), TargetParser.parse(scalar(year.getValue())));
        }
        return byYear;
    }

    private static Object scalar(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.numberValue() : node.asText();
    }

    private static ValueRange range(JsonNode node) {
        if (node.isMissingNode()) {
            return ValueRange.ANY;
        }
        return new ValueRange(node.has("min") ? node.get("min").asDouble() : null,
                node.has("max") ? node.get("max").asDouble() : null);
    }

    private static Tolerance tolerance(JsonNode node, Tolerance fallback) {
        if (node.isMissingNode()) {
            return fallback;
        }
        return new Tolerance(node.path("percent").asDouble(fallback.percent()),
                node.has("absolute") ? node.get("absolute").asDouble() : null);
    }

    private static LocalizedText text(JsonNode node) {
        if (node.isTextual()) {
            return LocalizedText.of(node.asText());
        }
        return LocalizedText.of(node.path("ru").asText(null), node.path("en").asText(null));
    }

    private static LocalizedText optionalText(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : text(node);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing «" + field + "»");
        }
        return value;
    }

    private JsonNode parse(String file, String text) {
        try {
            return yaml.readTree(text);
        } catch (IOException e) {
            throw new PassportException(file, null, e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PassportReader.class.getClassLoader().getResourceAsStream(BUILT_IN + name)) {
            requireNonNull(in, "no built-in passport file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
