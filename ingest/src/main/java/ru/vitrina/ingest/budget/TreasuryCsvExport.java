package ru.vitrina.ingest.budget;

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
import java.time.LocalDate;
import java.time.LocalDateTime;

import static java.util.Objects.requireNonNull;

/**
 * Writes the budget-execution system's operations as the Treasury's CSV export would: for the demo, the tests
 * and the benchmark of {@link BudgetCsvLoad}.
 */
public final class TreasuryCsvExport {
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
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, charset), 1 << 16);
            writer.write(String.join(";", TreasuryCsv.HEADER));
            writer.write("\r\n");
            pg.setAutoCommit(false);
            long rows = 0;
            try (PreparedStatement select = pg.prepareStatement("SELECT " + BudgetSourceSimulator.COLUMNS + " FROM "
                    + source.table() + " ORDER BY operation_id")) {
                select.setFetchSize(10_000);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        writer.write(line(result.getLong(1), result.getString(2), result.getObject(3, LocalDate.class),
                                result.getString(4), result.getString(5), result.getString(6), result.getString(7),
                                result.getString(8), BudgetStage.kopecks(result.getBigDecimal(9)),
                                BudgetStage.kopecks(result.getBigDecimal(10)), BudgetStage.kopecks(result.getBigDecimal(11)),
                                result.getObject(12, LocalDateTime.class)));
                        writer.write("\r\n");
                        rows++;
                    }
                }
            }
            writer.flush();
            return rows;
        }
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
