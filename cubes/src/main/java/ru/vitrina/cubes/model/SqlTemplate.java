package ru.vitrina.cubes.model;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL snippets of cube files refer to the cube's own row as {@code {CUBE}}, to a join by {@code {join}}
 * and, inside number measures, to other measures by {@code {measure}}. A bare column name means {@code {CUBE}.column}.
 */
public final class SqlTemplate {
    public static final String CUBE = "CUBE";
    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern BARE_COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlTemplate() {
    }

    public static Set<String> references(String sql) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(sql);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Replaces every {@code {name}} by what {@code replacement} gives for it. */
    public static String substitute(String sql, Function<String, String> replacement) {
        String expanded = BARE_COLUMN.matcher(sql).matches() ? "{" + CUBE + "}." + sql : sql;
        Matcher matcher = REFERENCE.matcher(expanded);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
