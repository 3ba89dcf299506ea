package ru.vitrina.ingest.budget;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The typed work files of {@link TreasuryCsvLines} as DuckDB's parallel reader reads them, as one table. */
final class TreasuryCsvSql {
    private static final int DEFAULT_LINE_SIZE = 2 << 20;

    private final List<Path> typed;
    private final int longestLine;

    TreasuryCsvSql(List<Path> typed, int longestLine) {
        this.typed = List.copyOf(typed);
        this.longestLine = longestLine;
    }

    /** The typed rows, in budget_stage's columns: numbers, ISO dates and timestamps DuckDB parses natively. */
    String typedRows() {
        return "(SELECT * FROM read_csv([" + typed.stream().map(TreasuryCsvSql::literal).collect(Collectors.joining(", "))
                + "], delim = ';', quote = '\"', escape = '\"',"
                + " header = false, auto_detect = false" + lineSize() + ", columns = {"
                + Stream.of("seq BIGINT", "operation_id BIGINT", "document_id VARCHAR", "operation_date DATE",
                        "oktmo VARCHAR", "administrator_code VARCHAR", "subsection_code VARCHAR", "target_article VARCHAR",
                        "expense_type VARCHAR", "plan_amount DECIMAL(18,2)", "limit_amount DECIMAL(18,2)",
                        "fact_amount DECIMAL(18,2)", "modified_at TIMESTAMP", "parse_error VARCHAR")
                .map(column -> column.split(" "))
                .map(column -> "'" + column[0] + "': '" + column[1] + "'")
                .collect(Collectors.joining(", ")) + "}))";
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** DuckDB refuses a line longer than its 2 MB default; the pass knows the longest. */
    private String lineSize() {
        long needed = longestLine + 2L;
        return needed <= DEFAULT_LINE_SIZE ? "" : ", max_line_size = " + needed + ", buffer_size = " + Math.max(32L << 20, 2 * needed);
    }
}
