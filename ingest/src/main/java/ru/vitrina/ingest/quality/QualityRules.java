package ru.vitrina.ingest.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ru.vitrina.ingest.load.TableCounts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Data-quality rules as configuration: YAML files (one per source system; {@code table}, {@code key} and
 * {@code rules}, or a list of them under {@code tables}), checked on the rows a load wrote ({@code load_id}) in its
 * transaction, before it publishes. Each rule that some rows break gives one finding in meta.quality: the rule, its
 * severity, how many rows and the keys of the first five. The shipped rules are in this package's resources; a
 * deployment may give its own folder.
 *
 * <p>Kinds: {@code required: [columns]} (not null, not blank), {@code range: {column, min, max}} (SQL expressions;
 * either bound may be left out), {@code reference: {column, table, key}} (the value exists in the reference table),
 * {@code check: condition} (an SQL condition over the row, e.g. {@code plan_amount >= 0}). Conditions are SQL written
 * by whoever deploys Vitrina, like the cube files; they are bound against the store when the rules are read, so a
 * misspelt column stops the start with the file and rule named.
 */
public final class QualityRules {
    public static final List<String> SHIPPED = List.of("budget.yaml", "procurement.yaml", "health.yaml", "labour.yaml",
            "population.yaml");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final Set<String> SEVERITIES = Set.of("warning", "error");
    private static final Set<String> KINDS = Set.of("required", "range", "reference", "check");
    private static final int EXAMPLES = 5;

    /** One rule: a condition a row of {@code table} breaks (SQL over the row's columns), with its title and severity. */
    public record Rule(String file, String table, List<String> key, String name, String titleRu, String titleEn,
                       String severity, String broken) {
        public Rule {
            requireNonNull(name, "name");
            key = List.copyOf(key);
        }
    }

    private final List<Rule> rules;

    public QualityRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rules shipped with Vitrina. */
    public static QualityRules shipped() {
        List<Rule> rules = new ArrayList<>();
        for (String file : SHIPPED) {
            try (InputStream in = QualityRules.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing shipped quality rules " + file);
                }
                rules.addAll(parse(file, new ObjectMapper(new YAMLFactory()).readTree(in)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shipped quality rules " + file + ": " + e.getMessage(), e);
            }
        }
        return new QualityRules(rules);
    }

    /** The rules of every *.yaml file in {@code folder}. */
    public static QualityRules read(Path folder) throws IOException {
        List<Rule> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                rules.addAll(parse(file.getFileName().toString(), new ObjectMapper(new YAMLFactory()).readTree(file.toFile())));
            }
        }
        return new QualityRules(rules);
    }

    static List<Rule> parse(String file, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping with table, key and rules");
        }
        List<Rule> rules = new ArrayList<>();
        if (root.has("tables")) {
            for (JsonNode table : root.get("tables")) {
                rules.addAll(table(file, table));
            }
        } else {
            rules.addAll(table(file, root));
        }
        return rules;
    }

    private static List<Rule> table(String file, JsonNode node) {
        String table = name(file, node.path("table").asText(""), "table");
        List<String> key = new ArrayList<>();
        node.path("key").forEach(k -> key.add(name(file, k.asText(), "key")));
        if (key.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + table + " needs key: [columns] to name rows in findings");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode rule : node.path("rules")) {
            String name = name(file, rule.path("name").asText(""), "rule name");
            String where = file + ": rule " + name;
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + " is defined twice");
            }
            String severity = rule.path("severity").asText("warning");
            if (!SEVERITIES.contains(severity)) {
                throw new IllegalArgumentException(where + ": severity must be warning or error, not '" + severity + "'");
            }
            List<String> kinds = new ArrayList<>();
            rule.fieldNames().forEachRemaining(field -> {
                if (KINDS.contains(field)) {
                    kinds.add(field);
                }
            });
            if (kinds.size() != 1) {
                throw new IllegalArgumentException(where + ": give exactly one of required, range, reference, check");
            }
            rules.add(new Rule(file, table, key, name, rule.path("title").path("ru").asText(name),
                    rule.path("title").path("en").asText(name), severity, broken(where, kinds.get(0), rule.get(kinds.get(0)))));
        }
        return rules;
    }

    /** The SQL condition that is true for a row breaking the rule. */
    private static String broken(String where, String kind, JsonNode spec) {
        switch (kind) {
            case "required" -> {
                List<String> conditions = new ArrayList<>();
                spec.forEach(column -> {
                    String c = name(where, column.asText(), "required column");
                    conditions.add(c + " IS NULL OR trim(CAST(" + c + " AS VARCHAR)) = ''");
                });
                if (conditions.isEmpty()) {
                    throw new IllegalArgumentException(where + ": required needs a list of columns");
                }
                return "(" + String.join(") OR (", conditions) + ")";
            }
            case "range" -> {
                String column = text(where, spec, "column");
                List<String> conditions = new ArrayList<>();
                if (spec.hasNonNull("min")) {
                    conditions.add("(" + column + ") < (" + spec.get("min").asText() + ")");
                }
                if (spec.hasNonNull("max")) {
                    conditions.add("(" + column + ") > (" + spec.get("max").asText() + ")");
                }
                if (conditions.isEmpty()) {
                    throw new IllegalArgumentException(where + ": range needs min, max or both");
                }
                return String.join(" OR ", conditions);
            }
            case "reference" -> {
                String column = name(where, text(where, spec, "column"), "reference column");
                String table = name(where, text(where, spec, "table"), "reference table");
                String key = name(where, text(where, spec, "key"), "reference key");
                return column + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + table + " r WHERE r." + key + " = " + column + ")";
            }
            default -> {
                return "NOT coalesce((" + spec.asText() + "), true)";
            }
        }
    }

    private static String text(String where, JsonNode spec, String field) {
        if (spec == null || !spec.hasNonNull(field) || spec.get(field).asText().isBlank()) {
            throw new IllegalArgumentException(where + ": missing " + field);
        }
        return spec.get(field).asText();
    }

    private static String name(String where, String text, String what) {
        if (!NAME.matcher(text).matches()) {
            throw new IllegalArgumentException(where + ": " + what + " '" + text + "' is not a lower-case SQL name");
        }
        return text;
    }

    /** Binds every rule against the store's tables (no rows read), so a wrong column is found at start. */
    public QualityRules bind(Connection connection) {
        for (Rule rule : rules) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery(select(rule) + " LIMIT 0").close();
            } catch (SQLException e) {
                throw new IllegalArgumentException(rule.file() + ": rule " + rule.name() + " does not fit " + rule.table()
                        + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    /**
     * Checks the rows {@code loadId} wrote into the tables of {@code counts} and records a finding per broken rule.
     *
     * @return the findings recorded
     */
    public int check(Connection transaction, long loadId, String job, List<TableCounts> counts) throws SQLException {
        Map<String, Long> loaded = new LinkedHashMap<>();
        counts.forEach(table -> loaded.put(table.table(), table.loaded()));
        int findings = 0;
        for (Rule rule : rules) {
            if (loaded.getOrDefault(rule.table(), 0L) == 0) {
                continue;
            }
            long broken;
            String examples;
            try (PreparedStatement select = transaction.prepareStatement("SELECT count(*), list(k ORDER BY k)[1:"
                    + EXAMPLES + "] FROM (" + select(rule) + " AND load_id = ?)")) {
                select.setLong(1, loadId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    broken = rows.getLong(1);
                    examples = broken == 0 ? "" : examples(rows.getArray(2));
                }
            }
            if (broken == 0) {
                continue;
            }
            String message = "«" + rule.titleRu() + "» не выполняется для " + broken + " строк, например " + examples
                    + " / «" + rule.titleEn() + "» fails for " + broken + " rows, e.g. " + examples;
            if (rule.severity().equals("error")) {
                Findings.error(transaction, loadId, job, rule.table(), rule.name(), broken + " строк / rows", message);
            } else {
                Findings.warning(transaction, loadId, job, rule.table(), rule.name(), broken + " строк / rows", message);
            }
            findings++;
        }
        return findings;
    }

    private static String select(Rule rule) {
        String key = rule.key().size() == 1 ? "CAST(" + rule.key().get(0) + " AS VARCHAR)"
                : "concat_ws(' / ', " + String.join(", ", rule.key().stream().map(k -> "CAST(" + k + " AS VARCHAR)").toList()) + ")";
        return "SELECT " + key + " AS k FROM " + rule.table() + " WHERE (" + rule.broken() + ")";
    }

    private static String examples(java.sql.Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        List<String> texts = new ArrayList<>();
        for (Object value : values) {
            texts.add(String.valueOf(value));
        }
        return String.join("; ", texts);
    }

    /** The rules of one table. */
    public List<Rule> of(String table) {
        return rules.stream().filter(rule -> rule.table().equals(table)).toList();
    }
}
