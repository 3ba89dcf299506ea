package ru.vitrina.engine.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A light scan of SQL text, for clear messages before Calcite's parser runs: where statements end, and the first
 * word of a statement. Strings, quoted names and comments are skipped, so a {@code ';'} inside them splits nothing.
 * Security does not rest on this scan: Calcite parses and validates whatever text is passed on, and only
 * SQL that Calcite itself writes ever reaches DuckDB.
 */
final class SqlText {
    private SqlText() {
    }

    /** Statements separated by top-level semicolons, each as a prefix-preserving slice; blank ones dropped. */
    static List<Statement> statements(String sql) {
        List<Statement> result = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == ';') {
                add(result, sql, start, i);
                start = ++i;
            } else {
                i++;
            }
        }
        add(result, sql, start, n);
        return result;
    }

    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static void add(List<Statement> result, String sql, int start, int end) {
        String first = firstWord(sql.substring(start, end));
        if (!first.isEmpty()) {
            result.add(new Statement(start, end, first));
        }
    }

    /** The first word outside comments, upper-cased; {@code "("} for a parenthesised query; empty if none. */
    static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (Character.isLetter(c)) {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                return sql.substring(i, end).toUpperCase(Locale.ROOT);
            } else {
                return String.valueOf(c);
            }
        }
        return "";
    }

    /** Offset in {@code sql} of a 1-based line and column, as Calcite reports positions. */
    static int offset(String sql, int line, int column) {
        int offset = 0;
        for (int current = 1; current < line; current++) {
            int next = sql.indexOf('\n', offset);
            if (next < 0) {
                return sql.length();
            }
            offset = next + 1;
        }
        return Math.min(sql.length(), offset + Math.max(0, column - 1));
    }

    record Statement(int start, int end, String firstWord) {
    }
}
