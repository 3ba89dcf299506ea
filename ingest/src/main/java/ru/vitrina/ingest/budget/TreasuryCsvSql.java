package ru.vitrina.ingest.budget;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** The work files of {@link TreasuryCsvLines} as DuckDB's reader reads them. */
final class TreasuryCsvSql {
    private static final int DEFAULT_LINE_SIZE = 2 << 20;

    private final TreasuryCsvLines.WorkFiles files;
    private final int longestLine;

    TreasuryCsvSql(TreasuryCsvLines.WorkFiles files, int longestLine) {
        this.files = requireNonNull(files, "files");
        this.longestLine = longestLine;
    }

    /** The typed rows, in budget_stage's columns: numbers, ISO dates and timestamps DuckDB parses natively. */
    String typedRows() {
        return "(SELECT * FROM read_csv(" + literal(files.typed()) + ", delim = ';', quote = '\"', escape = '\"',"
                + " header = false, auto_detect = false" + lineSize() + ", columns = {"
                + Stream.of("seq BIGINT", "operation_id BIGINT", "document_id VARCHAR", "operation_date DATE",
                        "oktmo VARCHAR", "administrator_code VARCHAR", "subsection_code VARCHAR", "target_article VARCHAR",
                        "expense_type VARCHAR", "plan_amount DECIMAL(18,2)", "limit_amount DECIMAL(18,2)",
                        "fact_amount DECIMAL(18,2)", "modified_at TIMESTAMP", "parse_error VARCHAR")
                .map(column -> column.split(" "))
                .map(column -> "'" + column[0] + "': '" + column[1] + "'")
                .collect(Collectors.joining(", ")) + "}))";
    }

    /** The quarantine rows of the stage: line number, the line as it was, every reason. Parameters as JDBC's. */
    String rejectedLines() {
        return "SELECT ?, ?, ?, ?, CAST(c.seq AS VARCHAR), l.raw, c.reason FROM budget_checked c JOIN"
                + " (SELECT CAST(split_part(text, ';', 1) AS BIGINT) AS seq, substr(text, strpos(text, ';') + 1) AS raw"
                + "  FROM read_csv(" + literal(files.lines()) + ", delim = chr(" + (int) TreasuryCsvLines.RAW_LINE_DELIMITER
                + "), quote = '', escape = '', header = false, auto_detect = false" + lineSize()
                + ", columns = {'text': 'VARCHAR'})) l ON l.seq = c.seq WHERE c.reason IS NOT NULL ORDER BY c.seq";
    }

    private static String literal(java.nio.file.Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** DuckDB refuses a line longer than its 2 MB default; the pass knows the longest. */
    private String lineSize() {
        long needed = longestLine + 2L;
        return needed <= DEFAULT_LINE_SIZE ? "" : ", max_line_size = " + needed + ", buffer_size = " + Math.max(32L << 20, 2 * needed);
    }
}
