package ru.vitrina.ingest.budget;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** The typed work file of {@link TreasuryCsvLines} as DuckDB's parallel reader reads it, its rows in order. */
final class TreasuryCsvSql {
    private static final int DEFAULT_LINE_SIZE = 2 << 20;

    private final Path typed;
    private final int longestLine;

    TreasuryCsvSql(Path typed, int longestLine) {
        this.typed = requireNonNull(typed, "typed");
        this.longestLine = longestLine;
    }

    /** The typed rows, in budget_stage's columns: numbers, ISO dates and timestamps DuckDB parses natively. */
    String typedRows() {
        return "(SELECT * FROM read_csv('" + typed.toAbsolutePath().toString().replace("'", "''") + "',"
                + " delim = ';', quote = '\"', escape = '\"',"
                + " header = false, auto_detect = false" + lineSize() + ", columns = {"
                + Stream.of("seq BIGINT", "operation_id BIGINT", "document_id VARCHAR", "operation_date DATE",
                        "oktmo VARCHAR", "administrator_code VARCHAR", "subsection_code VARCHAR", "target_article VARCHAR",
                        "expense_type VARCHAR", "plan_amount DECIMAL(18,2)", "limit_amount DECIMAL(18,2)",
                        "fact_amount DECIMAL(18,2)", "modified_at TIMESTAMP", "parse_error VARCHAR")
                .map(column -> column.split(" "))
                .map(column -> "'" + column[0] + "': '" + column[1] + "'")
                .collect(Collectors.joining(", ")) + "}))";
    }

    /** DuckDB refuses a line longer than its 2 MB default; the pass knows the longest. */
    private String lineSize() {
        long needed = longestLine + 2L;
        return needed <= DEFAULT_LINE_SIZE ? "" : ", max_line_size = " + needed + ", buffer_size = " + Math.max(32L << 20, 2 * needed);
    }
}
