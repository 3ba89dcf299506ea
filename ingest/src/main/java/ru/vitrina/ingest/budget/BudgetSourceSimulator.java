package ru.vitrina.ingest.budget;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A regional budget-execution system in PostgreSQL for the demo and the tests: its {@code operation} table filled
 * with the demo region's budget (the demo generator's data, so the same seed and size give the same rows), and
 * changes applied on request as a live system makes them — corrected operations, new ones, deleted ones — each
 * with a newer {@code last_modified}.
 */
public final class BudgetSourceSimulator {
    /** The source table, as such systems keep it: КБК in parts, amounts of plan and cash, nullable (it is not our schema). */
    public static final String DDL = """
            CREATE TABLE %s (
                operation_id       BIGINT PRIMARY KEY,
                document_id        VARCHAR(40),
                operation_date     DATE,
                budget_oktmo       VARCHAR(11),
                kbk_administrator  VARCHAR(3),
                kbk_subsection     VARCHAR(4),
                kbk_target_article VARCHAR(10),
                kbk_expense_type   VARCHAR(3),
                plan_allocations   NUMERIC(18,2),
                plan_limits        NUMERIC(18,2),
                cash_execution     NUMERIC(18,2),
                last_modified      TIMESTAMP NOT NULL
            )""";
    static final String COLUMNS = "operation_id, document_id, operation_date, budget_oktmo, kbk_administrator,"
            + " kbk_subsection, kbk_target_article, kbk_expense_type, plan_allocations, plan_limits, cash_execution,"
            + " last_modified";
    private static final int COPY_BUFFER = 1 << 20;

    private final BudgetSource source;

    public BudgetSourceSimulator(BudgetSource source) {
        this.source = requireNonNull(source, "source");
    }

    /** Ids touched by {@link #applyChanges}, and the {@code last_modified} they got. */
    public record Changes(List<Long> updated, List<Long> added, List<Long> deleted, LocalDateTime modifiedAt) {
        public Changes {
            updated = List.copyOf(updated);
            added = List.copyOf(added);
            deleted = List.copyOf(deleted);
        }
    }

    /**
     * Drops and recreates the source schema and fills it with the demo region's budget operations.
     *
     * @return rows written
     */
    public long fill(long seed, DemoSize size, ProgressListener progress) throws SQLException {
        requireNonNull(size, "size");
        requireNonNull(progress, "progress");
        try (Store scratch = Store.inMemory()) {
            // The generator writes into a store; an in-memory one is the cheapest way to reuse its logic unchanged.
            new DemoRegion(seed, size).generate(scratch, progress);
            try (Connection duck = scratch.connect()) {
                return fill(duck, progress);
            }
        }
    }

    /**
     * Drops and recreates the source schema and fills it with the operations of budget.execution of a store the
     * demo generator filled ({@code duck}).
     *
     * @return rows written
     */
    public long fill(Connection duck, ProgressListener progress) throws SQLException {
        requireNonNull(duck, "duck");
        requireNonNull(progress, "progress");
        try (Connection pg = source.connect()) {
            pg.setAutoCommit(false);
            try (Statement statement = pg.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + source.schema() + " CASCADE");
                statement.execute("CREATE SCHEMA " + source.schema());
                statement.execute(String.format(DDL, source.table()));
            }
            long rows = copy(duck, pg, progress);
            try (Statement statement = pg.createStatement()) {
                statement.execute("CREATE INDEX ON " + source.table() + " (last_modified)");
                statement.execute("ANALYZE " + source.table());
            }
            pg.commit();
            return rows;
        }
    }

    private long copy(Connection duck, Connection pg, ProgressListener progress) throws SQLException {
        long total;
        try (Statement statement = duck.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM budget.execution")) {
            count.next();
            total = count.getLong(1);
        }
        CopyIn copy = pg.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + source.table() + " (" + COLUMNS + ") FROM STDIN");
        long rows = 0;
        StringBuilder buffer = new StringBuilder(COPY_BUFFER + 4096);
        try (Statement statement = duck.createStatement();
             ResultSet result = statement.executeQuery("SELECT operation_id, document_id, operation_date, oktmo,"
                     + " administrator_code, subsection_code, target_article, expense_type, plan_amount, limit_amount,"
                     + " fact_amount, strftime(modified_at, '%Y-%m-%d %H:%M:%S') FROM budget.execution ORDER BY operation_id")) {
            while (result.next()) {
                for (int column = 1; column <= 12; column++) {
                    if (column > 1) {
                        buffer.append('\t');
                    }
                    // Demo values never hold tabs, backslashes or newlines: COPY's text format needs no escaping here.
                    buffer.append(result.getString(column));
                }
                buffer.append('\n');
                rows++;
                if (buffer.length() >= COPY_BUFFER) {
                    send(copy, buffer);
                    progress.progress("источник бюджета", rows, total);
                }
            }
            send(copy, buffer);
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e;
        }
        progress.progress("источник бюджета", rows, total);
        return rows;
    }

    private static void send(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /**
     * Changes the source as its users would: {@code update} operations corrected (amounts +1 %), {@code add} new
     * ones (copies of existing lines with new ids and documents), {@code delete} removed. The choice depends only
     * on {@code seed} and the table's contents; every touched row gets {@code last_modified} one hour after the
     * newest one so far.
     */
    public Changes applyChanges(long seed, int update, int add, int delete) throws SQLException {
        try (Connection pg = source.connect()) {
            pg.setAutoCommit(false);
            LocalDateTime modifiedAt;
            long maxId;
            try (Statement statement = pg.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT max(last_modified), max(operation_id) FROM " + source.table())) {
                rows.next();
                modifiedAt = rows.getObject(1, LocalDateTime.class).plusHours(1);
                maxId = rows.getLong(2);
            }
            try (Statement statement = pg.createStatement()) {
                // md5 of id and seed orders the rows pseudo-randomly but reproducibly, without a round trip per row.
                statement.execute("CREATE TEMP TABLE sim_pick ON COMMIT DROP AS SELECT operation_id,"
                        + " row_number() OVER (ORDER BY md5(operation_id::text || ':" + seed + "')) AS n FROM " + source.table());
            }
            List<Long> updated = ids(pg, "SELECT operation_id FROM sim_pick WHERE n <= " + update + " ORDER BY operation_id");
            List<Long> deleted = ids(pg, "SELECT operation_id FROM sim_pick WHERE n > " + update + " AND n <= "
                    + ((long) update + delete) + " ORDER BY operation_id");
            try (PreparedStatement statement = pg.prepareStatement("UPDATE " + source.table()
                    + " SET plan_allocations = round(plan_allocations * 1.01, 2), plan_limits = round(plan_limits * 1.01, 2),"
                    + " cash_execution = round(cash_execution * 1.01, 2) + CASE WHEN plan_allocations = 0 AND cash_execution = 0 THEN 1 ELSE 0 END,"
                    + " last_modified = ? WHERE operation_id IN (SELECT operation_id FROM sim_pick WHERE n <= " + update + ")")) {
                statement.setObject(1, modifiedAt);
                statement.executeUpdate();
            }
            try (Statement statement = pg.createStatement()) {
                statement.executeUpdate("DELETE FROM " + source.table() + " WHERE operation_id IN (SELECT operation_id FROM sim_pick"
                        + " WHERE n > " + update + " AND n <= " + ((long) update + delete) + ")");
            }
            try (PreparedStatement statement = pg.prepareStatement("INSERT INTO " + source.table() + " (" + COLUMNS + ")"
                    + " SELECT " + maxId + " + row_number() OVER (ORDER BY p.n), 'ПП-ДОП-' || lpad((" + maxId
                    + " + row_number() OVER (ORDER BY p.n))::text, 9, '0'), o.operation_date, o.budget_oktmo,"
                    + " o.kbk_administrator, o.kbk_subsection, o.kbk_target_article, o.kbk_expense_type, 0, 0,"
                    + " greatest(round(abs(o.plan_allocations + o.cash_execution) * 0.05, 2), 100.00), ?"
                    + " FROM sim_pick p JOIN " + source.table() + " o USING (operation_id)"
                    + " WHERE p.n > " + ((long) update + delete) + " ORDER BY p.n LIMIT " + add)) {
                statement.setObject(1, modifiedAt);
                statement.executeUpdate();
            }
            List<Long> added = new ArrayList<>();
            for (long id = maxId + 1; id <= maxId + add; id++) {
                added.add(id);
            }
            pg.commit();
            return new Changes(updated, added, deleted, modifiedAt);
        }
    }

    private static List<Long> ids(Connection pg, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = pg.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** Runs SQL on the source, e.g. a test's hand-made broken rows. */
    public void execute(String sql) throws SQLException {
        try (Connection pg = source.connect(); Statement statement = pg.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops the source schema. */
    public void drop() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + source.schema() + " CASCADE");
    }
}
