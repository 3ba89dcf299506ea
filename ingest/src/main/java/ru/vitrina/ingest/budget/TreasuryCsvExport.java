package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.demo.ProgressListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static java.util.Objects.requireNonNull;

/**
 * Writes the budget-execution system's operations as the Treasury's CSV export would: for the demo, the tests
 * and the benchmark of {@link BudgetCsvLoad}.
 */
public final class TreasuryCsvExport {
    /** The stage {@link #writeExecution} reports its progress under. */
    public static final String EXPORT_STAGE = "выгрузка казначейства";
    private static final int PROGRESS_EVERY = 50_000;

    private final BudgetSource source;

    public TreasuryCsvExport(BudgetSource source) {
        this.source = requireNonNull(source, "source");
    }

    /** Writes every operation to {@code file}; {@code bom} puts a UTF-8 BOM first. Returns rows written. */
    public long write(Path file, Charset charset, boolean bom) throws IOException, SQLException {
        try (Connection pg = source.connect(); OutputStream out = Files.newOutputStream(file)) {
            if (bom && charset.equals(StandardCharsets.UTF_8)) {
                out.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            pg.setAutoCommit(false);
            try (PreparedStatement select = pg.prepareStatement("SELECT " + BudgetSourceSimulator.COLUMNS + " FROM "
                    + source.table() + " ORDER BY operation_id")) {
                select.setFetchSize(10_000);
                return write(select, out, charset, ProgressListener.none());
            }
        }
    }

    /**
     * Writes budget.execution of a store the demo generator filled ({@code store}) to {@code file} as the
     * Treasury exports it: cp1251, {@code ;}, decimal comma, dd.MM.yyyy. Returns rows written.
     */
    public static long writeExecution(Connection store, Path file, ProgressListener progress) throws IOException, SQLException {
        requireNonNull(progress, "progress");
        long total;
        try (Statement statement = store.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM budget.execution")) {
            count.next();
            total = count.getLong(1);
        }
        try (OutputStream out = Files.newOutputStream(file);
             PreparedStatement select = store.prepareStatement("SELECT operation_id, document_id, operation_date, oktmo,"
                     + " administrator_code, subsection_code, target_article, expense_type, plan_amount, limit_amount,"
                     + " fact_amount, modified_at FROM budget.execution ORDER BY operation_id")) {
            return write(select, out, TreasuryCsv.CP1251, (stage, done, all) -> progress.progress(EXPORT_STAGE, done, total));
        }
    }

    /** The twelve columns of {@link BudgetSourceSimulator#COLUMNS}, in that order, as the export's lines. */
    private static long write(PreparedStatement select, OutputStream out, Charset charset, ProgressListener progress)
            throws IOException, SQLException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, charset), 1 << 16);
        writer.write(String.join(";", TreasuryCsv.HEADER));
        writer.write("\r\n");
        long rows = 0;
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                writer.write(line(result.getLong(1), result.getString(2), result.getObject(3, LocalDate.class),
                        result.getString(4), result.getString(5), result.getString(6), result.getString(7),
                        result.getString(8), BudgetStage.kopecks(result.getBigDecimal(9)),
                        BudgetStage.kopecks(result.getBigDecimal(10)), BudgetStage.kopecks(result.getBigDecimal(11)),
                        result.getObject(12, LocalDateTime.class)));
                writer.write("\r\n");
                rows++;
                if (rows % PROGRESS_EVERY == 0) {
                    progress.progress(EXPORT_STAGE, rows, 0);
                }
            }
        }
        writer.flush();
        progress.progress(EXPORT_STAGE, rows, 0);
        return rows;
    }

    /** One record in the export's format (without the line break). */
    public static String line(long operationId, String documentId, LocalDate date, String oktmo, String administrator,
                              String subsection, String article, String expenseType, long plan, long limit, long fact,
                              LocalDateTime modified) {
        return operationId + ";" + TreasuryCsv.quote(documentId) + ";" + TreasuryCsv.formatDate(date) + ";" + oktmo + ";"
                + administrator + ";" + subsection + ";" + article + ";" + expenseType + ";"
                + TreasuryCsv.formatAmount(plan) + ";" + TreasuryCsv.formatAmount(limit) + ";"
                + TreasuryCsv.formatAmount(fact) + ";" + TreasuryCsv.formatTimestamp(modified);
    }

    /**
     * New operations {@code firstId .. firstId + count - 1}, one cash payment each under the same codes (OKTMO,
     * administrator, subsection, target article, expense type), as UTF-8: fresh data for a real load in the soak
     * and the crash tests.
     */
    public static Path writeOperations(Path file, long firstId, int count, String documentPrefix, String[] codes)
            throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(";", TreasuryCsv.HEADER));
            out.write("\r\n");
            for (long id = firstId; id < firstId + count; id++) {
                out.write(line(id, documentPrefix + id, LocalDate.of(2026, 1, 1 + (int) (id % 28)), codes[0], codes[1],
                        codes[2], codes[3], codes[4], 0, 0, 100_00 + id % 1000, LocalDateTime.of(2026, 2, 1, 9, 0)));
                out.write("\r\n");
            }
        }
        return file;
    }
}
