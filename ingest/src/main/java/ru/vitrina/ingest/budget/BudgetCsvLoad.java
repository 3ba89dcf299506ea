package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceFiles;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.quality.Findings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The budget job from a Treasury-style CSV export (see {@link TreasuryCsv}), parsed by DuckDB rather than line by
 * line in Java: a cp1251 file is first transcoded to UTF-8 (a table of 256 byte sequences, streamed), then DuckDB's
 * {@code read_csv} reads the file as one text column per physical line (in parallel, in file order; blank lines
 * kept as NULL so that row numbers are line numbers; bytes that are not UTF-8 rejected into its rejects table
 * with their line number), and SQL splits the lines at {@code ;} and converts them — decimal comma and (non-breaking)
 * space thousand separators, dd.MM.yyyy or ISO dates — writing every line that fails into meta.quarantine with the
 * same reason the Java parser gives. The rare lines DuckDB's plain split cannot take — quoted fields, a wrong field
 * count, undecodable bytes of a cp1251 file — go through {@link TreasuryCsv#split} one by one, so a broken quote costs
 * one line, never the rest of the file (DuckDB's own quoting would let a quote run on across lines). Nothing is
 * dropped: every non-blank line is staged or quarantined, and staged rows are checked and applied by
 * {@link BudgetStage} like the JDBC pull.
 */
public final class BudgetCsvLoad implements SourceLoad {
    private static final int FIELDS = TreasuryCsv.HEADER.size();
    private static final int ONE_BY_ONE_BATCH = 10_000;

    private final Path file;
    private final boolean reconcile;

    public BudgetCsvLoad(Path file, boolean reconcile) {
        this.file = requireNonNull(file, "file");
        this.reconcile = reconcile;
    }

    @Override
    public String job() {
        return BudgetStage.JOB;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        Connection transaction = context.transaction();
        BudgetLoad.requireReference(transaction);
        String name = file.getFileName().toString();
        TreasuryCsv.Encoding encoding = TreasuryCsv.detect(file);
        String checksum = SourceFiles.sha256(file);
        boolean utf8 = encoding.charset().equals(StandardCharsets.UTF_8);
        Path readable = utf8 ? file : Files.createTempFile("vitrina-treasury-", ".csv");
        try (BudgetStage stage = new BudgetStage(transaction)) {
            if (!utf8) {
                transcode(file, readable, encoding);
            }
            Lines read = readLines(transaction, readable);
            long lines = read.count();
            context.progress(lines / 3, lines);
            long bad = 0;
            TreeSet<Long> headers = new TreeSet<>();
            try (Statement statement = transaction.createStatement()) {
                statement.execute("CREATE OR REPLACE TEMP TABLE budget_csv_typed AS SELECT line_no, line, f,"
                        + " " + headerTest("f") + " AS is_header, " + TYPED + ", " + REASON + " AS reason"
                        + " FROM budget_csv_fields WHERE len(f) = " + FIELDS + " AND NOT contains(line, '\"')"
                        + " AND NOT contains(line, '\uFFFD')");
                try (ResultSet rows = statement.executeQuery("SELECT line_no FROM budget_csv_typed WHERE is_header")) {
                    while (rows.next()) {
                        headers.add(rows.getLong(1));
                    }
                }
                bad += statement.executeUpdate("INSERT INTO meta.quarantine (load_id, job, target, source, position, raw, reason)"
                        + " SELECT " + context.loadId() + ", '" + BudgetStage.JOB + "', '" + BudgetStage.TARGET + "', "
                        + quote(name) + ", CAST(line_no AS VARCHAR), line, reason FROM budget_csv_typed"
                        + " WHERE NOT is_header AND reason IS NOT NULL ORDER BY line_no");
                statement.execute("INSERT INTO budget_stage SELECT line_no, line, operation_id, document_id, operation_date,"
                        + " oktmo, administrator_code, subsection_code, target_article, expense_type, plan_amount,"
                        + " limit_amount, fact_amount, modified_at FROM budget_csv_typed WHERE NOT is_header AND reason IS NULL");
            }
            context.progress(2 * lines / 3, lines);
            bad += oneByOne(context, stage, name, encoding, headers, read.rejected());
            bad += repeatedHeaders(context, name, headers);
            try (Statement statement = transaction.createStatement()) {
                statement.execute("DROP TABLE budget_csv_typed");
                statement.execute("DROP TABLE budget_csv_fields");
                statement.execute("DROP TABLE budget_csv_lines");
                statement.execute("DROP TABLE IF EXISTS budget_csv_rejected");
            }
            if (headers.isEmpty() && lines > 0) {
                // Not a reason to reject the rows (each was checked on its own), but worth recording.
                Findings.info(transaction, context.loadId(), job(), BudgetStage.TARGET, "no_header", name,
                        "В файле нет строки заголовка / the file has no header line");
            }
            BudgetStage.Applied applied = stage.apply(context, name, true, reconcile);
            context.sourceFile(name + " (" + encoding.charset().name() + (encoding.bomBytes() > 0 ? ", BOM" : "")
                    + (reconcile ? ", полная сверка / full reconciliation" : "") + "): "
                    + BudgetLoad.describe(applied), checksum);
            context.progress(lines, lines);
            return List.of(new TableCounts(BudgetStage.TARGET, applied.staged() + bad, applied.loaded(),
                    applied.quarantined() + bad));
        } finally {
            if (!utf8) {
                Files.deleteIfExists(readable);
            }
        }
    }

    /**
     * Reads the UTF-8 file into budget_csv_lines (one row per physical line, in file order) and numbers the lines
     * into budget_csv_fields (line_no, line, f = the fields split at {@code ;}); lines DuckDB rejected (bytes that are
     * not UTF-8) are kept in budget_csv_rejected.
     */
    private record Lines(long count, boolean rejected) {
    }

    private static Lines readLines(Connection transaction, Path utf8) throws SQLException {
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE budget_csv_lines AS SELECT line FROM read_csv("
                    + quote(utf8.toAbsolutePath().toString()) + ", columns = {'line': 'VARCHAR'}, delim = '\u0001',"
                    + " quote = '', escape = '', header = false, auto_detect = false, strict_mode = false,"
                    + " store_rejects = true, rejects_table = 'budget_csv_rejects', rejects_scan = 'budget_csv_scans')");
            long rejected;
            try (ResultSet rows = statement.executeQuery("SELECT count(DISTINCT line) FROM budget_csv_rejects")) {
                rows.next();
                rejected = rows.getLong(1);
            }
            // A row's line number is its place among the rows plus the rejected lines before it: the r-th rejected
            // line L has L - r accepted lines before it. Rows keep the file's order in the table (insertion order is
            // preserved); their row ids are consecutive, though inside a transaction they do not start at 0.
            String place;
            try (ResultSet rows = statement.executeQuery("SELECT coalesce(min(rowid), 0), max(rowid) - min(rowid) + 1 = count(*)"
                    + " FROM budget_csv_lines")) {
                rows.next();
                place = rows.getBoolean(2) || rows.wasNull() ? "(l.rowid - " + rows.getLong(1) + ")"
                        : "(row_number() OVER (ORDER BY l.rowid) - 1)";
            }
            String lineNo = "place + 1";
            if (rejected > 0) {
                statement.execute("CREATE OR REPLACE TEMP TABLE budget_csv_rejected AS SELECT line AS line_no,"
                        + " any_value(csv_line) AS csv_line, any_value(error_type) AS error_type,"
                        + " row_number() OVER (ORDER BY line) AS nth FROM budget_csv_rejects GROUP BY line");
                lineNo += " + (SELECT count(*) FROM budget_csv_rejected r WHERE r.line_no - r.nth < place + 1)";
            }
            statement.execute("CREATE OR REPLACE TEMP TABLE budget_csv_fields AS SELECT line_no, line,"
                    + " string_split(line, ';') AS f FROM (SELECT " + lineNo + " AS line_no, line FROM"
                    + " (SELECT " + place + " AS place, line FROM budget_csv_lines l))"
                    + " WHERE trim(line) <> ''");
            statement.execute("DROP TABLE budget_csv_rejects");
            statement.execute("DROP TABLE budget_csv_scans");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM budget_csv_lines")) {
                rows.next();
                return new Lines(rows.getLong(1) + rejected, rejected > 0);
            }
        }
    }

    /**
     * The lines SQL did not take: quoted fields, a wrong field count, undecodable bytes; parsed by {@link TreasuryCsv}
     * and staged or quarantined one by one. Header lines among them are added to {@code headers}.
     */
    private static long oneByOne(LoadContext context, BudgetStage stage, String name, TreasuryCsv.Encoding encoding,
                                 TreeSet<Long> headers, boolean rejects) throws Exception {
        long bad = 0;
        Connection transaction = context.transaction();
        String undecodable = rejects ? " UNION ALL SELECT line_no, csv_line, true FROM budget_csv_rejected" : "";
        String select = "SELECT * FROM (SELECT line_no, line, false AS undecodable FROM budget_csv_fields"
                + " WHERE len(f) <> " + FIELDS + " OR contains(line, '\"') OR contains(line, '\uFFFD')" + undecodable
                + ") WHERE line_no > ? ORDER BY line_no LIMIT " + ONE_BY_ONE_BATCH;
        // In batches, each read to the end before its lines are staged: the connection runs one statement at a time.
        long after = 0;
        while (true) {
            List<Object[]> batch = new ArrayList<>();
            try (PreparedStatement statement = transaction.prepareStatement(select)) {
                statement.setLong(1, after);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        batch.add(new Object[]{rows.getLong(1), rows.getString(2), rows.getBoolean(3)});
                    }
                }
            }
            if (batch.isEmpty()) {
                break;
            }
            List<Rejection> rejected = new ArrayList<>();
            for (Object[] row : batch) {
                long lineNumber = (Long) row[0];
                String line = (String) row[1];
                after = lineNumber;
                try {
                    if ((Boolean) row[2]) {
                        throw new CharacterCodingException();
                    }
                    TreasuryCsv.decodeCheck(line);
                    List<String> fields = TreasuryCsv.split(line);
                    if (TreasuryCsv.isHeader(fields)) {
                        headers.add(lineNumber);
                        continue;
                    }
                    if (fields.size() != FIELDS) {
                        throw new TreasuryCsv.BadLine("Неверное число полей: " + fields.size() + " вместо "
                                + FIELDS + " / wrong column count: " + fields.size() + " instead of " + FIELDS);
                    }
                    append(stage, lineNumber, line, fields);
                } catch (TreasuryCsv.BadLine e) {
                    bad++;
                    rejected.add(new Rejection(BudgetStage.TARGET, new SourceLocation(name, Long.toString(lineNumber)),
                            line, e.getMessage()));
                } catch (CharacterCodingException e) {
                    bad++;
                    rejected.add(new Rejection(BudgetStage.TARGET, new SourceLocation(name, Long.toString(lineNumber)),
                            line, "Недопустимые байты для кодировки " + encoding.charset().name()
                            + " / bytes invalid in " + encoding.charset().name()));
                }
            }
            quarantineNow(context, rejected);
        }
        return bad;
    }

    /**
     * Writes rejected lines into meta.quarantine at once rather than through {@link LoadContext#quarantine}, which
     * batches them until the load ends: with DuckDB 1.4 a small INSERT into meta.quarantine after the large one of
     * {@link BudgetStage#apply} (300 000 rows) in the same transaction made the large one's rows vanish. Written
     * before it, both stay (BudgetCsvLoadTest.lineNumbersHoldAcrossALargeFileReadInParallel).
     */
    private static void quarantineNow(LoadContext context, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = context.transaction().prepareStatement("INSERT INTO meta.quarantine"
                + " (load_id, job, target, source, position, raw, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Rejection rejection : rejections) {
                insert.setLong(1, context.loadId());
                insert.setString(2, BudgetStage.JOB);
                insert.setString(3, rejection.table());
                insert.setString(4, rejection.location().source());
                insert.setString(5, rejection.location().position());
                insert.setString(6, rejection.raw());
                insert.setString(7, rejection.reason());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The first header line is the header; any later one is a line that cannot be a record. */
    private static long repeatedHeaders(LoadContext context, String name, TreeSet<Long> headers) throws SQLException {
        long bad = 0;
        for (Long line : headers.tailSet(headers.isEmpty() ? 0L : headers.first(), false)) {
            String raw;
            try (PreparedStatement select = context.transaction().prepareStatement(
                    "SELECT line FROM budget_csv_fields WHERE line_no = ?")) {
                select.setLong(1, line);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    raw = rows.getString(1);
                }
            }
            quarantineNow(context, List.of(new Rejection(BudgetStage.TARGET, new SourceLocation(name, Long.toString(line)),
                    raw, "Повторная строка заголовка / repeated header line")));
            bad++;
        }
        return bad;
    }

    /** The export's header, compared as {@link TreasuryCsv#isHeader} does: trimmed, case-insensitive. */
    private static String headerTest(String fields) {
        return "list_transform(" + fields + ", lambda x: lower(trim(x))) = ["
                + String.join(", ", TreasuryCsv.HEADER.stream().map(h -> quote(h.toLowerCase(Locale.ROOT))).toList()) + "]";
    }

    private static final String SPACES = "'[ \u00A0\u202F]'";

    /** A field as an amount: spaces of every kind removed, decimal comma or point, at most two decimals. */
    private static String amount(String field) {
        return "TRY_CAST(replace(nullif(regexp_replace(" + field + ", " + SPACES + ", '', 'g'), ''), ',', '.') AS DECIMAL(18,2))";
    }

    private static String amountOk(String field) {
        String clean = "regexp_replace(" + field + ", " + SPACES + ", '', 'g')";
        return "(" + clean + " = '' OR (regexp_full_match(" + clean + ", '-?[0-9]+([.,][0-9]{1,2})?')"
                + " AND length(regexp_replace(" + clean + ", '[^0-9]', '', 'g')) <= 17 AND " + amount(field) + " IS NOT NULL))";
    }

    /** dd.MM.yyyy or yyyy-MM-dd, a real date; null for an empty field and for a bad one (told apart by dateOk). */
    private static String date(String text) {
        return "CASE WHEN regexp_full_match(" + text + ", '[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}') THEN CAST(try_strptime("
                + text + ", '%d.%m.%Y') AS DATE) WHEN regexp_full_match(" + text + ", '[0-9]{4}-[0-9]{2}-[0-9]{2}')"
                + " THEN CAST(try_strptime(" + text + ", '%Y-%m-%d') AS DATE) END";
    }

    private static final String TIMESTAMP_SHAPE = "'([0-9]{2}\\.[0-9]{2}\\.[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})"
            + "([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?'";

    /** A date as above, optionally followed by a space or T and HH:mm[:ss]. */
    private static String timestamp(String text) {
        return "CASE WHEN regexp_full_match(" + text + ", " + TIMESTAMP_SHAPE + ") THEN " + date("substr(" + text + ", 1, 10)")
                + " + CAST(CASE length(" + text + ") WHEN 10 THEN '00:00:00' WHEN 16 THEN substr(" + text + ", 12) || ':00'"
                + " ELSE substr(" + text + ", 12) END AS TIME) END";
    }

    private static final String ID = "trim(f[1])";
    private static final String DATE = "trim(f[3])";
    private static final String MODIFIED = "trim(f[12])";

    private static final String TYPED = "CASE WHEN regexp_full_match(" + ID + ", '[+-]?[0-9]{1,19}') THEN TRY_CAST(" + ID
            + " AS BIGINT) END AS operation_id, nullif(trim(f[2]), '') AS document_id, " + date(DATE) + " AS operation_date,"
            + " nullif(trim(f[4]), '') AS oktmo, nullif(trim(f[5]), '') AS administrator_code,"
            + " nullif(trim(f[6]), '') AS subsection_code, nullif(trim(f[7]), '') AS target_article,"
            + " nullif(trim(f[8]), '') AS expense_type, " + amount("f[9]") + " AS plan_amount, "
            + amount("f[10]") + " AS limit_amount, " + amount("f[11]") + " AS fact_amount, "
            + timestamp(MODIFIED) + " AS modified_at";

    /** The reasons of the Java parser ({@link #bad}), in its order, joined by "; "; null when the line is sound. */
    private static final String REASON = "nullif(concat_ws('; ',"
            + " CASE WHEN " + ID + " <> '' AND (NOT regexp_full_match(" + ID + ", '[+-]?[0-9]{1,19}') OR TRY_CAST(" + ID
            + " AS BIGINT) IS NULL) THEN " + badSql("идентификатор", 0, ID) + " END,"
            + " CASE WHEN " + DATE + " <> '' AND " + date(DATE) + " IS NULL THEN " + badSql("дата", 2, "f[3]") + " END,"
            + " CASE WHEN NOT " + amountOk("f[9]") + " THEN " + badSql("число", 8, "f[9]") + " END,"
            + " CASE WHEN NOT " + amountOk("f[10]") + " THEN " + badSql("число", 9, "f[10]") + " END,"
            + " CASE WHEN NOT " + amountOk("f[11]") + " THEN " + badSql("число", 10, "f[11]") + " END,"
            + " CASE WHEN " + MODIFIED + " <> '' AND " + timestamp(MODIFIED) + " IS NULL THEN " + badSql("дата", 11, "f[12]") + " END"
            + "), '')";

    private static String badSql(String kindRu, int field, String value) {
        String[] parts = bad(kindRu, field, "\u0000").split("\u0000", -1);
        return quote(parts[0]) + " || " + value + " || " + quote(parts[1]) + " || " + value + " || " + quote(parts[2]);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Writes a cp1251 file as UTF-8 (without its BOM, if any); a byte cp1251 has no letter for becomes U+FFFD. */
    private static void transcode(Path from, Path to, TreasuryCsv.Encoding encoding) throws IOException {
        byte[][] table = new byte[256][];
        var decoder = encoding.charset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith("\uFFFD");
        for (int b = 0; b < 256; b++) {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(new byte[]{(byte) b}));
            table[b] = chars.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] in = new byte[1 << 20];
        byte[] out = new byte[3 << 20];
        try (InputStream source = Files.newInputStream(from); OutputStream target = Files.newOutputStream(to)) {
            source.skipNBytes(encoding.bomBytes());
            for (int n; (n = source.read(in)) > 0; ) {
                int length = 0;
                for (int i = 0; i < n; i++) {
                    int b = in[i];
                    if (b >= 0) {
                        out[length++] = (byte) b;
                    } else {
                        byte[] utf8 = table[b & 0xFF];
                        System.arraycopy(utf8, 0, out, length, utf8.length);
                        length += utf8.length;
                    }
                }
                target.write(out, 0, length);
            }
        }
    }

    private static void append(BudgetStage stage, long lineNumber, String line, List<String> fields) throws Exception {
        List<String> errors = new ArrayList<>(0);
        Long operationId = null;
        String id = fields.get(0).strip();
        if (!id.isEmpty()) {
            try {
                operationId = Long.parseLong(id);
            } catch (NumberFormatException e) {
                errors.add(bad("идентификатор", 0, id));
            }
        }
        LocalDate date = null;
        try {
            date = TreasuryCsv.date(fields.get(2));
        } catch (DateTimeException e) {
            errors.add(bad("дата", 2, fields.get(2)));
        }
        Long[] amounts = new Long[3];
        for (int k = 0; k < 3; k++) {
            try {
                amounts[k] = TreasuryCsv.amount(fields.get(8 + k));
            } catch (NumberFormatException e) {
                errors.add(bad("число", 8 + k, fields.get(8 + k)));
            }
        }
        LocalDateTime modified = null;
        try {
            modified = TreasuryCsv.timestamp(fields.get(11));
        } catch (DateTimeException e) {
            errors.add(bad("дата", 11, fields.get(11)));
        }
        if (!errors.isEmpty()) {
            throw new TreasuryCsv.BadLine(String.join("; ", errors));
        }
        stage.append(lineNumber, line, operationId, text(fields.get(1)), date, text(fields.get(3)), text(fields.get(4)),
                text(fields.get(5)), text(fields.get(6)), text(fields.get(7)), amounts[0], amounts[1], amounts[2], modified);
    }

    private static String bad(String kindRu, int field, String value) {
        String kindEn = switch (kindRu) {
            case "число" -> "number";
            case "дата" -> "date";
            default -> "id";
        };
        String ru = kindRu.equals("число") ? "Неверное число" : kindRu.equals("дата") ? "Неверная дата" : "Неверный идентификатор";
        return ru + " «" + value + "» в поле «" + TreasuryCsv.HEADER.get(field) + "» / bad " + kindEn + " \"" + value
                + "\" in field " + TreasuryCsv.HEADER_EN.get(field);
    }

    private static String text(String field) {
        String value = field.strip();
        return value.isEmpty() ? null : value;
    }
}
