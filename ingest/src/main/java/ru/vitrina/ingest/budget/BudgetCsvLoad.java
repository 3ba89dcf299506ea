package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The budget job from a Treasury-style CSV export (see {@link TreasuryCsv}): parsed as a stream, line by line,
 * into the load's staging table, then checked and applied like the JDBC pull. A line that cannot be parsed
 * (column count, broken quotes, bad numbers or dates, undecodable bytes, a repeated header) goes to quarantine
 * with its line number; blank lines carry nothing and are skipped.
 */
public final class BudgetCsvLoad implements SourceLoad {
    private static final int PROGRESS_EVERY = 50_000;

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
        BudgetLoad.requireReference(context.transaction());
        String name = file.getFileName().toString();
        TreasuryCsv.Encoding encoding = TreasuryCsv.detect(file);
        long size = Files.size(file);
        MessageDigest digest = BudgetLoad.sha256();
        long badLines = 0;
        try (BudgetStage stage = new BudgetStage(context.transaction());
             CountingStream counted = new CountingStream(new DigestInputStream(Files.newInputStream(file), digest))) {
            counted.skipNBytes(encoding.bomBytes());
            BufferedReader reader = new BufferedReader(new InputStreamReader(counted, encoding.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
            boolean headerSeen = false;
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    TreasuryCsv.decodeCheck(line);
                    List<String> fields = TreasuryCsv.split(line);
                    if (TreasuryCsv.isHeader(fields)) {
                        if (headerSeen) {
                            throw new TreasuryCsv.BadLine("Повторная строка заголовка / repeated header line");
                        }
                        headerSeen = true;
                        continue;
                    }
                    if (fields.size() != TreasuryCsv.HEADER.size()) {
                        throw new TreasuryCsv.BadLine("Неверное число полей: " + fields.size() + " вместо "
                                + TreasuryCsv.HEADER.size() + " / wrong column count: " + fields.size() + " instead of "
                                + TreasuryCsv.HEADER.size());
                    }
                    append(stage, lineNumber, line, fields);
                } catch (TreasuryCsv.BadLine e) {
                    badLines++;
                    context.quarantine(new Rejection(BudgetStage.TARGET, new SourceLocation(name, Long.toString(lineNumber)),
                            line, e.getMessage()));
                } catch (CharacterCodingException e) {
                    badLines++;
                    context.quarantine(new Rejection(BudgetStage.TARGET, new SourceLocation(name, Long.toString(lineNumber)),
                            line, "Недопустимые байты для кодировки " + encoding.charset().name()
                            + " / bytes invalid in " + encoding.charset().name()));
                }
                if (lineNumber % PROGRESS_EVERY == 0) {
                    context.progress(lineNumber, Math.max(lineNumber, lineNumber * size / Math.max(1, counted.count())));
                }
            }
            if (!headerSeen && lineNumber > 0) {
                // Not a reason to reject the rows (each was checked on its own), but worth recording.
                ru.vitrina.ingest.quality.Findings.info(context.transaction(), context.loadId(), job(),
                        BudgetStage.TARGET, "no_header", name, "В файле нет строки заголовка / the file has no header line");
            }
            BudgetStage.Applied applied = stage.apply(context, name, true, reconcile);
            context.sourceFile(name + " (" + encoding.charset().name() + (encoding.bomBytes() > 0 ? ", BOM" : "")
                    + (reconcile ? ", полная сверка / full reconciliation" : "") + "): "
                    + BudgetLoad.describe(applied), HexFormat.of().formatHex(digest.digest()));
            context.progress(lineNumber, lineNumber);
            return List.of(new TableCounts(BudgetStage.TARGET, applied.staged() + badLines, applied.loaded(),
                    applied.quarantined() + badLines));
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

    /** Bytes read so far, for a progress estimate of a stream whose line count is unknown. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
