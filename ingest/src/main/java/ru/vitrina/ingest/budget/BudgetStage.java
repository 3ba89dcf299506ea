package ru.vitrina.ingest.budget;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.load.DuckDbProgress;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadRefused;
import ru.vitrina.ingest.quality.FactAbovePlanRule;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The extract of one budget load in a temporary table of the load's transaction, checked and applied in SQL:
 * rows failing a rule go to meta.quarantine with every reason, the rest are upserted into budget.execution by
 * operation_id (only rows that differ are rewritten, so a rerun changes nothing), and in reconciliation mode rows
 * missing from the extract are deleted. Both the JDBC pull and the Treasury CSV go through here.
 */
final class BudgetStage implements AutoCloseable {
    static final String TARGET = "budget.execution";
    static final String JOB = "budget";
    /** The stages of {@link #apply}, after the adapter's reading of the source. */
    static final String CHECKING = "проверка / checking";
    static final String WRITING = "запись / writing";

    /**
     * A stored operation a full reconciliation deletes: absent from the extract, neither among its staged rows nor among
     * the lines quarantined before staging ({@link #keep}).
     */
    static final String MISSING_FROM_EXTRACT = "NOT EXISTS (SELECT 1 FROM budget_checked s WHERE s.operation_id = x.operation_id)"
            + " AND NOT EXISTS (SELECT 1 FROM budget_kept k WHERE k.operation_id = x.operation_id)";

    /** What applying the extract did. {@code unchanged} rows were valid and already in the store as they are. */
    record Applied(long staged, long loaded, long quarantined, long inserted, long updated, long unchanged, long deleted) {
    }

    private final Connection transaction;
    private TableAppender staged;
    private DuckDBAppender appender;
    /** The Treasury CSV's lines of the quarantined rows, when the extract came from one ({@link #stageCsv}). */
    private RawLines csv;
    /** What the Treasury CSV's pass saw of the staged ids; null for the JDBC pull, whose ids are asked of the stage. */
    private Ids ids;
    /** The rows staged, for the progress of the checks. */
    private long rows;
    /** Operations of the source quarantined before staging ({@link #keep}). */
    private long kept;

    /**
     * The staged operation ids as a pass over them saw them: their range ({@code low > high} when no row has one) and
     * whether each was above the one before, so that no operation repeats.
     */
    record Ids(long low, long high, boolean ascending) {
    }

    /** Reads again the source lines of the rows the checks quarantined, handing them to {@code into}. */
    interface RawLines {
        void read(QuarantinedLines into) throws IOException, SQLException;
    }

    /** The quarantined rows' line numbers, in order, and where their lines as they were go. */
    interface QuarantinedLines {
        /** Up to {@code limit} line numbers of quarantined rows after {@code seq}, ascending; empty at the end. */
        long[] after(long seq, int limit) throws SQLException;

        /** The lines of {@code seqs}, in the same order. */
        void raw(long[] seqs, List<String> lines) throws SQLException;
    }

    BudgetStage(Connection transaction) throws SQLException {
        this.transaction = requireNonNull(transaction, "transaction");
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE budget_stage (seq BIGINT, operation_id BIGINT,"
                    + " document_id VARCHAR, operation_date DATE, oktmo VARCHAR, administrator_code VARCHAR,"
                    + " subsection_code VARCHAR, target_article VARCHAR, expense_type VARCHAR, plan_amount DECIMAL(18,2),"
                    + " limit_amount DECIMAL(18,2), fact_amount DECIMAL(18,2), modified_at TIMESTAMP, parse_error VARCHAR)");
            statement.execute("CREATE OR REPLACE TEMP TABLE budget_kept (operation_id BIGINT)");
        }
    }

    /**
     * Operations of the source whose records were quarantined before they could be staged (a Treasury CSV line the
     * pass could not read): a full reconciliation keeps their stored version, as it does for rows the checks reject.
     */
    void keep(long[] operationIds) throws SQLException {
        kept += operationIds.length;
        try (TableAppender keptIds = TableAppender.temporary(transaction, "budget_kept")) {
            for (long id : operationIds) {
                keptIds.rows().beginRow().append(id).endRow();
            }
        }
    }

    /** One typed row of the JDBC pull; amounts in kopecks, null where the source had none. */
    void append(long seq, Long operationId, String documentId, LocalDate date, String oktmo,
                String administrator, String subsection, String article, String expenseType,
                Long plan, Long limit, Long fact, LocalDateTime modifiedAt) throws SQLException {
        if (staged == null) {
            staged = TableAppender.temporary(transaction, "budget_stage");
            appender = staged.rows();
        }
        rows++;
        appender.beginRow().append(seq);
        if (operationId == null) {
            appender.appendNull();
        } else {
            appender.append(operationId.longValue());
        }
        string(documentId);
        if (date == null) {
            appender.appendNull();
        } else {
            appender.appendEpochDays((int) date.toEpochDay());
        }
        string(oktmo);
        string(administrator);
        string(subsection);
        string(article);
        string(expenseType);
        decimal(plan);
        decimal(limit);
        decimal(fact);
        if (modifiedAt == null) {
            appender.appendNull();
        } else {
            appender.append(modifiedAt);
        }
        appender.appendNull();
        appender.endRow();
    }

    /**
     * Stages the typed rows of a Treasury CSV ({@link TreasuryCsvLines}): budget_stage becomes a view of DuckDB's
     * parallel reader over them, read once where the rows are checked — copying them into the temporary table first
     * cost more CPU than reading them. The rows the checks quarantine take their lines as they were from {@code raw};
     * {@code ids} spares the view the reads for the ids' range and repeats; {@code rows} is how many the work files
     * hold.
     */
    void stageCsv(TreasuryCsvSql typed, long rows, RawLines raw, Ids ids) throws SQLException {
        this.rows = rows;
        this.csv = requireNonNull(raw, "raw");
        this.ids = requireNonNull(ids, "ids");
        try (Statement statement = transaction.createStatement()) {
            statement.execute("DROP TABLE budget_stage");
            statement.execute("CREATE TEMP VIEW budget_stage AS SELECT * FROM " + typed.typedRows());
        }
    }

    static Long kopecks(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    private void string(String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private void decimal(Long kopecks) throws SQLException {
        if (kopecks == null) {
            appender.appendNull();
        } else {
            appender.appendDecimal(kopecks.longValue());
        }
    }

    /**
     * Checks and applies the staged rows.
     *
     * @param source    lineage name of the extract (file name or JDBC table)
     * @param reconcile delete rows of budget.execution whose operation_id is not in the extract
     */
    Applied apply(LoadContext context, String source, boolean reconcile) throws IOException, SQLException {
        if (staged != null) {
            TableAppender filled = staged;
            staged = null;
            filled.close();
        }
        long loadId = context.loadId();
        boolean overlaps = overlapsStore();
        boolean repeats = ids == null || !ids.ascending();
        context.stage(CHECKING);
        try (Statement statement = transaction.createStatement();
             DuckDbProgress checking = DuckDbProgress.watch(transaction, context, rows)) {
            statement.execute("CREATE OR REPLACE TEMP TABLE budget_checked AS SELECT s.*, t.municipality_oktmo AS municipality,"
                    + (overlaps ? COMPARED : " true AS is_new, false AS changed,")
                    + " CASE WHEN " + (repeats ? PASSES + " AND coalesce(d.last <= s.seq, true)" : PASSES) + " THEN NULL ELSE"
                    + " coalesce(s.parse_error, nullif(concat_ws('; ',"
                    + required("s.operation_id IS NULL", "идентификатор операции", "operation id")
                    + required("nullif(trim(s.document_id), '') IS NULL", "номер документа", "document id")
                    + required("s.operation_date IS NULL", "дата операции", "operation date")
                    + " CASE WHEN nullif(trim(s.oktmo), '') IS NULL THEN 'Не заполнено поле «ОКТМО» / required field OKTMO is empty'"
                    + "  WHEN t.oktmo IS NULL THEN 'Неизвестный ОКТМО ' || s.oktmo || ' / unknown OKTMO ' || s.oktmo END,"
                    + required("nullif(trim(s.administrator_code), '') IS NULL", "ГРБС", "administrator")
                    + " CASE WHEN nullif(trim(s.subsection_code), '') IS NULL THEN 'Не заполнено поле «РзПр» / required field section/subsection is empty'"
                    + "  WHEN b.code IS NULL THEN 'Неизвестный раздел/подраздел ' || s.subsection_code || ' / unknown section/subsection ' || s.subsection_code END,"
                    + required("nullif(trim(s.target_article), '') IS NULL", "ЦСР", "target article")
                    + " CASE WHEN nullif(trim(s.expense_type), '') IS NULL THEN 'Не заполнено поле «ВР» / required field expense type is empty'"
                    + "  WHEN e.code IS NULL THEN 'Неизвестный вид расходов ' || s.expense_type || ' / unknown expense type ' || s.expense_type END,"
                    + required("s.plan_amount IS NULL", "Бюджетные ассигнования", "allocations")
                    + required("s.limit_amount IS NULL", "Лимиты бюджетных обязательств", "limits")
                    + required("s.fact_amount IS NULL", "Кассовый расход", "cash execution")
                    + required("s.modified_at IS NULL", "Дата изменения", "last modified")
                    + (repeats ? " CASE WHEN d.last > s.seq THEN 'Операция ' || s.operation_id"
                    + "  || ' повторяется в выгрузке, загружена последняя запись / operation ' || s.operation_id"
                    + "  || ' repeats in the extract, the last record is loaded' END" : " NULL")
                    + " ), '')) END AS reason"
                    + " FROM budget_stage s"
                    // A hash aggregate finds the repeated operations (rare) without sorting every row as a window would.
                    + (repeats ? " LEFT JOIN (SELECT operation_id, max(seq) AS last FROM budget_stage"
                    + "  WHERE parse_error IS NULL AND operation_id IS NOT NULL GROUP BY operation_id HAVING count(*) > 1) d"
                    + "  ON d.operation_id = s.operation_id AND s.parse_error IS NULL" : "")
                    + " LEFT JOIN ref.territory t ON t.oktmo = s.oktmo"
                    + " LEFT JOIN ref.budget_section b ON b.code = s.subsection_code"
                    + " LEFT JOIN ref.expense_type e ON e.code = s.expense_type"
                    + (overlaps ? " LEFT JOIN budget.execution x ON x.operation_id = s.operation_id" : ""));
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP VIEW budget_apply AS SELECT * FROM budget_checked"
                    + " WHERE reason IS NULL AND (is_new OR changed)");
        }
        // Counted first: the CSV's raw lines are read again only when some row is quarantined.
        long quarantined = count("SELECT count(*) FROM budget_checked WHERE reason IS NOT NULL");
        if (quarantined > 0) {
            if (csv != null) {
                readRawLines();
            }
            try (PreparedStatement insert = transaction.prepareStatement("INSERT INTO meta.quarantine"
                    + " (load_id, job, target, source, position, raw, reason) " + (csv == null ? JDBC_REJECTS : CSV_REJECTS))) {
                insert.setLong(1, loadId);
                insert.setString(2, JOB);
                insert.setString(3, TARGET);
                insert.setString(4, source);
                if (insert.executeUpdate() != quarantined) {
                    throw new IllegalStateException("Не все строки в карантине / not every rejected row reached the quarantine");
                }
            }
        }
        long staged = count("SELECT count(*) FROM budget_checked");
        long inserted = count("SELECT count(*) FROM budget_apply WHERE is_new");
        long updated = count("SELECT count(*) FROM budget_apply WHERE changed");
        if (reconcile) {
            requireSoundExtract(staged - quarantined, quarantined + kept);
        }
        // Before the writes, which remove the stored rows whose months it reads.
        context.changedMonths(TARGET, TouchedMonths.COLUMN, TouchedMonths.of(transaction, updated > 0, reconcile));
        long deleted = 0;
        context.progress(rows, rows);
        if (inserted + updated > 0 || reconcile) {
            context.stage(WRITING);
        }
        try (Statement statement = transaction.createStatement()) {
            if (updated > 0) {
                statement.executeUpdate("DELETE FROM budget.execution WHERE operation_id IN"
                        + " (SELECT operation_id FROM budget_apply WHERE changed)");
            }
            if (reconcile) {
                // Quarantined rows still exist in the source: their previous version stays rather than vanishing.
                deleted = statement.executeUpdate("DELETE FROM budget.execution x WHERE " + MISSING_FROM_EXTRACT);
            }
            if (inserted + updated > 0) {
                // In date order, so that a date range reads few row groups. Always sorted: even an extract in date order
                // comes out of the checking statement's joins in another (DuckDB 2.0 keeps a scan's order, not a join's).
                try (DuckDbProgress writing = DuckDbProgress.watch(transaction, context, inserted + updated)) {
                    statement.executeUpdate("INSERT INTO budget.execution (operation_id, document_id, operation_date, oktmo,"
                            + " municipality_oktmo, administrator_code, section_code, subsection_code, target_article, expense_type,"
                            + " plan_amount, limit_amount, fact_amount, modified_at, load_id)"
                            + " SELECT operation_id, document_id, operation_date, oktmo, coalesce(municipality, oktmo), administrator_code,"
                            + " substr(subsection_code, 1, 2) || '00', subsection_code, target_article, expense_type,"
                            + " plan_amount, limit_amount, fact_amount, modified_at, " + loadId
                            + " FROM budget_apply ORDER BY operation_date, operation_id");
                }
                context.progress(inserted + updated, inserted + updated);
            }
        }
        new FactAbovePlanRule().check(transaction, loadId, JOB, "budget_apply");
        long loaded = staged - quarantined;
        return new Applied(staged, loaded, quarantined, inserted, updated, loaded - inserted - updated, deleted);
    }

    /**
     * A full reconciliation deletes what the extract lacks, so an extract that is empty or mostly broken (an export cut
     * off, a source system answering with nothing, a file in another format) would empty the store: refused, the
     * store stays as it was.
     */
    private static void requireSoundExtract(long valid, long quarantined) {
        if (valid == 0) {
            throw new LoadRefused("Полная сверка отменена: в выгрузке нет ни одной годной операции, сверка удалила бы"
                    + " все сохранённые / full reconciliation refused: the extract has no valid operation, it would delete"
                    + " every stored one");
        }
        if (quarantined > valid) {
            throw new LoadRefused("Полная сверка отменена: в карантине " + quarantined + " записей, годных " + valid
                    + " — выгрузка похожа на повреждённую / full reconciliation refused: " + quarantined
                    + " records quarantined against " + valid + " valid, the extract looks damaged");
        }
    }

    /**
     * A row every check passes, tested first: the same conditions as the reasons', without spelling the reasons out
     * (their concatenation cost a third of the statement), so that only the rows failing it (few) have them written.
     * A text is blank when trim() leaves nothing, as for the reason (DuckDB's trim removes every Unicode space, the
     * no-break space included); the reference joins match only filled codes.
     */
    private static final String PASSES = "s.parse_error IS NULL AND s.operation_id IS NOT NULL AND s.operation_date IS NOT NULL"
            + " AND t.oktmo IS NOT NULL AND b.code IS NOT NULL AND e.code IS NOT NULL"
            + " AND s.plan_amount IS NOT NULL AND s.limit_amount IS NOT NULL AND s.fact_amount IS NOT NULL AND s.modified_at IS NOT NULL"
            + Stream.of("document_id", "administrator_code", "target_article")
                    .map(column -> " AND trim(s." + column + ") <> ''")
                    .collect(Collectors.joining());

    /**
     * The comparison with the stored rows: whether each staged row is new, and whether a stored one differs. Only
     * rows that are new or differ are written, so a rerun of the same extract rewrites nothing.
     */
    private static final String COMPARED = " x.operation_id IS NULL AS is_new, x.operation_id IS NOT NULL AND (x.document_id IS DISTINCT FROM s.document_id"
            + " OR x.operation_date IS DISTINCT FROM s.operation_date OR x.oktmo IS DISTINCT FROM s.oktmo"
            + " OR x.administrator_code IS DISTINCT FROM s.administrator_code OR x.subsection_code IS DISTINCT FROM s.subsection_code"
            + " OR x.target_article IS DISTINCT FROM s.target_article OR x.expense_type IS DISTINCT FROM s.expense_type"
            + " OR x.plan_amount IS DISTINCT FROM s.plan_amount OR x.limit_amount IS DISTINCT FROM s.limit_amount"
            + " OR x.fact_amount IS DISTINCT FROM s.fact_amount OR x.modified_at IS DISTINCT FROM s.modified_at) AS changed,";

    /**
     * Whether budget.execution may hold an operation of the extract: the ranges of their ids meet. When they do
     * not — a first load, or an extract of only new operations above the stored ones — every row is new and the
     * join with the stored rows (a hash table of the whole store) is skipped.
     */
    private boolean overlapsStore() throws SQLException {
        String staged = ids == null ? "(SELECT min(operation_id) AS low, max(operation_id) AS high FROM budget_stage)"
                : "(SELECT " + ids.low() + " AS low, " + ids.high() + " AS high WHERE " + (ids.low() <= ids.high()) + ")";
        return count("SELECT count(*) FROM " + staged + " s,"
                + " (SELECT min(operation_id) AS low, max(operation_id) AS high FROM budget.execution) x"
                + " WHERE s.low <= x.high AND x.low <= s.high") > 0;
    }

    /** The source lines of the quarantined rows into budget_raw, a batch of line numbers at a time. */
    private void readRawLines() throws IOException, SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE budget_raw (seq BIGINT, raw VARCHAR)");
        }
        csv.read(new QuarantinedLines() {
            @Override
            public long[] after(long seq, int limit) throws SQLException {
                try (PreparedStatement select = transaction.prepareStatement("SELECT seq FROM budget_checked"
                        + " WHERE reason IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?")) {
                    select.setLong(1, seq);
                    select.setInt(2, limit);
                    List<Long> seqs = new ArrayList<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            seqs.add(rows.getLong(1));
                        }
                    }
                    return seqs.stream().mapToLong(Long::longValue).toArray();
                }
            }

            @Override
            public void raw(long[] seqs, List<String> lines) throws SQLException {
                try (TableAppender raw = TableAppender.temporary(transaction, "budget_raw")) {
                    for (int i = 0; i < seqs.length; i++) {
                        raw.rows().beginRow().append(seqs[i]).append(lines.get(i)).endRow();
                    }
                }
            }
        });
    }

    /** The CSV's quarantine rows: line number, the line as it was, every reason. Parameters as JDBC's. */
    private static final String CSV_REJECTS = "SELECT ?, ?, ?, ?, CAST(c.seq AS VARCHAR), r.raw, c.reason"
            + " FROM budget_checked c JOIN budget_raw r ON r.seq = c.seq WHERE c.reason IS NOT NULL ORDER BY c.seq";

    /** A JDBC row has no source line: its position is its operation id and its raw content its values. */
    private static final String JDBC_REJECTS = "SELECT ?, ?, ?, ?, 'operation_id=' || coalesce(CAST(operation_id AS VARCHAR), '?'),"
            + " concat_ws(';', " + String.join(", ", Stream.of("operation_id", "document_id", "operation_date", "oktmo",
                    "administrator_code", "subsection_code", "target_article", "expense_type", "plan_amount", "limit_amount",
                    "fact_amount", "modified_at").map(c -> "coalesce(CAST(" + c + " AS VARCHAR), '')").toList())
            + "), reason FROM budget_checked WHERE reason IS NOT NULL ORDER BY seq";

    private static String required(String condition, String ru, String en) {
        return " CASE WHEN " + condition + " THEN 'Не заполнено поле «" + ru + "» / required field " + en + " is empty' END,";
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = transaction.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        if (staged != null) {
            // Left open by a failed load: its rows go with the transaction, and only that failure is worth reporting.
            appender.close();
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute(ids == null ? "DROP TABLE IF EXISTS budget_stage" : "DROP VIEW IF EXISTS budget_stage");
            statement.execute("DROP TABLE IF EXISTS budget_checked");
            statement.execute("DROP VIEW IF EXISTS budget_apply");
            statement.execute("DROP TABLE IF EXISTS budget_raw");
            statement.execute("DROP TABLE IF EXISTS budget_kept");
        }
    }
}
