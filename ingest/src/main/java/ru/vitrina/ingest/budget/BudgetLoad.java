package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.quality.Findings;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The budget job over JDBC: pulls operations changed since the watermark (the newest {@code last_modified} already
 * published), or all of them in reconciliation mode, and applies them by operation_id. The watermark is stored in
 * meta.watermark by the same transaction as the data, so it advances only when the load publishes.
 *
 * <p>A source transaction that commits late with an older {@code last_modified} would be missed by the increment;
 * the periodic full reconciliation picks such rows up (and deletions, which an increment cannot see).
 */
public final class BudgetLoad implements SourceLoad {
    private static final int FETCH_SIZE = 10_000;
    private static final int PROGRESS_EVERY = 10_000;
    static final String READING = "чтение источника / reading the source";

    private final BudgetSource source;
    private final boolean reconcile;

    public BudgetLoad(BudgetSource source, boolean reconcile) {
        this.source = requireNonNull(source, "source");
        this.reconcile = reconcile;
    }

    @Override
    public String job() {
        return BudgetStage.JOB;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        context.stage(READING);
        Connection transaction = context.transaction();
        requireReference(transaction);
        Optional<LocalDateTime> watermark = reconcile ? Optional.empty() : watermark(transaction, source.describe());
        LocalDateTime newest = watermark.orElse(null);
        MessageDigest digest = sha256();
        try (BudgetStage stage = new BudgetStage(transaction); Connection pg = source.connect()) {
            pg.setAutoCommit(false);
            // A repeatable-read snapshot: the count, the rows and the new watermark describe one state of the source.
            pg.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            pg.setReadOnly(true);
            String where = watermark.isPresent() ? " WHERE last_modified > ?" : "";
            long total;
            try (PreparedStatement count = pg.prepareStatement("SELECT count(*) FROM " + source.table() + where)) {
                watermark.ifPresent(w -> set(count, w));
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            context.progress(0, total);
            long read = 0;
            try (PreparedStatement select = pg.prepareStatement("SELECT " + BudgetSourceSimulator.COLUMNS
                    + " FROM " + source.table() + where)) {
                select.setFetchSize(FETCH_SIZE);
                watermark.ifPresent(w -> set(select, w));
                try (ResultSet rows = select.executeQuery()) {
                    ByteBuffer key = ByteBuffer.allocate(16);
                    while (rows.next()) {
                        long id = rows.getLong(1);
                        LocalDateTime modified = rows.getObject(12, LocalDateTime.class);
                        stage.append(++read, id, rows.getString(2), rows.getObject(3, LocalDate.class),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8), BudgetStage.kopecks(rows.getBigDecimal(9)),
                                BudgetStage.kopecks(rows.getBigDecimal(10)), BudgetStage.kopecks(rows.getBigDecimal(11)),
                                modified);
                        if (newest == null || modified.isAfter(newest)) {
                            newest = modified;
                        }
                        // Lineage checksum of the extract: which operations, in which version (id, last_modified).
                        key.clear();
                        key.putLong(id).putLong(modified.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + modified.getNano());
                        digest.update(key.array());
                        if (read % PROGRESS_EVERY == 0) {
                            context.progress(read, Math.max(total, read));
                        }
                    }
                }
            }
            pg.commit();
            context.progress(read, read);
            BudgetStage.Applied applied = stage.apply(context, source.describe(), reconcile);
            if (newest != null && (watermark.isEmpty() || newest.isAfter(watermark.get()))) {
                storeWatermark(transaction, source.describe(), newest, context.loadId());
            }
            if (applied.deleted() > 0) {
                Findings.info(transaction, context.loadId(), job(), BudgetStage.TARGET, "reconciliation_deleted",
                        source.table(), "Удалено операций, которых нет в источнике: " + applied.deleted()
                                + " / operations deleted as gone from the source: " + applied.deleted());
            }
            context.sourceFile(source.describe() + (reconcile ? " (полная сверка / full reconciliation)"
                    : watermark.map(w -> " last_modified > " + w).orElse(" (первая выгрузка / first extract)"))
                    + " до / up to " + newest + ": " + describe(applied), HexFormat.of().formatHex(digest.digest()));
            return List.of(new TableCounts(BudgetStage.TARGET, applied.staged(), applied.loaded(), applied.quarantined()));
        }
    }

    static String describe(BudgetStage.Applied applied) {
        return applied.staged() + " строк: новых " + applied.inserted() + ", изменённых " + applied.updated()
                + ", без изменений " + applied.unchanged() + ", в карантин " + applied.quarantined() + ", удалено "
                + applied.deleted() + " / rows " + applied.staged() + ": new " + applied.inserted() + ", changed "
                + applied.updated() + ", unchanged " + applied.unchanged() + ", quarantined " + applied.quarantined()
                + ", deleted " + applied.deleted();
    }

    static void requireReference(Connection transaction) throws SQLException {
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM ref.territory")) {
            rows.next();
            if (rows.getLong(1) == 0) {
                throw new IllegalStateException("Справочники не загружены (ref.territory пуст): без них строки нельзя проверить"
                        + " / reference data missing (ref.territory is empty): rows cannot be checked");
            }
        }
    }

    /** The newest last_modified already published from {@code source}. */
    public static Optional<LocalDateTime> watermark(Connection connection, String source) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT max(modified_at) FROM meta.watermark WHERE job = ? AND source = ?")) {
            select.setString(1, BudgetStage.JOB);
            select.setString(2, source);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return Optional.ofNullable(rows.getObject(1, LocalDateTime.class));
            }
        }
    }

    private static void storeWatermark(Connection transaction, String source, LocalDateTime mark, long loadId)
            throws SQLException {
        try (PreparedStatement delete = transaction.prepareStatement("DELETE FROM meta.watermark WHERE job = ? AND source = ?");
             PreparedStatement insert = transaction.prepareStatement(
                     "INSERT INTO meta.watermark (job, source, modified_at, load_id) VALUES (?, ?, ?, ?)")) {
            delete.setString(1, BudgetStage.JOB);
            delete.setString(2, source);
            delete.executeUpdate();
            insert.setString(1, BudgetStage.JOB);
            insert.setString(2, source);
            insert.setObject(3, mark);
            insert.setLong(4, loadId);
            insert.executeUpdate();
        }
    }

    private static void set(PreparedStatement statement, LocalDateTime watermark) {
        try {
            statement.setObject(1, watermark);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
