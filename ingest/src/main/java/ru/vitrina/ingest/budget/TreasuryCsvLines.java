package ru.vitrina.ingest.budget;

import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadRefused;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The one Java pass over a Treasury CSV before DuckDB reads it. Each line is checked, transcoded to UTF-8 and
 * converted field by field ({@link TreasuryFields}) into a typed work file that DuckDB's parallel reader loads
 * ({@code 17;<id>;<document>;2025-03-14;...;1234.50;...;<reasons>} — numbers and ISO dates DuckDB parses
 * natively), hashing every byte of the file on the way. What a line cannot survive as a record is
 * decided here with the format's reasons: blank lines (skipped), bytes invalid in the encoding, broken quotes, a
 * wrong column count, a repeated header, control characters (quarantined at once); a bad number or date travels with
 * its row as the row's parse error. A line of digits, eleven {@code ;}, no quote and valid bytes — nearly every line
 * of a real export — never becomes a Java string. The lines of the rows that the stage's checks quarantine later are
 * read again from the file ({@link #rawLines}), only when there are some, instead of being copied for every row.
 *
 * <p>A large file is converted in two parts at once, one per core, split at a line's start near its middle: the pass
 * was half of a load's time on one core while DuckDB's threads waited for its work file. The second part numbers its
 * lines after the first part's (counted first), keeps its quarantined lines until the first part is done (a load's
 * context is called by one thread at a time), and a header it meets is the file's header only if the first part had none. DuckDB
 * reads the two work files as one table.
 */
final class TreasuryCsvLines {
    private static final int FIELDS = TreasuryCsv.HEADER.size();
    private static final String REPEATED_HEADER = "Повторная строка заголовка / repeated header line";
    /** What a byte is to {@link #plainRecord}, by a table rather than a chain of comparisons per byte. */
    private static final byte ORDINARY = 0;
    private static final byte SEPARATOR = 1;
    private static final byte NOT_PLAIN = 2;
    private static final byte NON_ASCII = 3;
    private static final byte[] KIND = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            KIND[b] = b >= 0x80 ? NON_ASCII : b == ';' ? SEPARATOR : b == '"' || b < 0x20 && b != '\t' ? NOT_PLAIN : ORDINARY;
        }
    }

    /** Files of at least this many bytes are converted in two parts at once. */
    static final long TWO_PARTS_FROM = 16L << 20;

    /** Quarantined line numbers asked of the stage at a time: the raw lines in memory stay bounded. */
    private static final int RAW_BATCH = 1 << 14;

    /**
     * What the pass found. {@code typed}: the work files, in the order of their rows; {@code ids}: the range of the
     * converted operation ids and whether each was above the one before.
     */
    record Prepared(List<Path> typed, long lines, long written, long quarantined, boolean headerSeen, int longestLine,
                    BudgetStage.Ids ids, String sha256, QuarantinedIds quarantinedIds) {
        Prepared {
            typed = List.copyOf(typed);
        }
    }

    /**
     * The operation ids of the lines quarantined here (not converted, so unknown to the stage), and how many such
     * lines named none: what a full reconciliation must keep, and whether it can know.
     */
    record QuarantinedIds(long[] ids, long unnamed) {
        QuarantinedIds join(QuarantinedIds other) {
            long[] both = Arrays.copyOf(ids, ids.length + other.ids.length);
            System.arraycopy(other.ids, 0, both, ids.length, other.ids.length);
            return new QuarantinedIds(both, unnamed + other.unnamed);
        }
    }

    /** How a field is converted. */
    private enum Rule {
        ID, DATE, AMOUNT, TIMESTAMP
    }

    /** Receives each line of the file, without its line break. */
    private interface LineHandler {
        void line(byte[] bytes, int length, long number) throws IOException, SQLException;
    }

    /** Told after each buffer of the file the number of its last whole line and the bytes read so far. */
    private interface ReadHandler {
        void read(long lastLine, long bytes);
    }

    private final String name;
    private final TreasuryCsv.Encoding encoding;
    /** The quarantine of the first part; the second part's lines wait in {@link #held} until the first is done. */
    private final LoadContext context;
    private final boolean firstPart;
    private final List<Rejection> held = new ArrayList<>();
    private final PartsProgress progress;
    /** Lines of the file before this part's first. */
    private final long linesBefore;
    private final long size;
    /** UTF-8 bytes of each byte of a single-byte charset; null for a byte the charset does not define. */
    private final byte[][] transcode;
    private final Output typed;
    private byte[] line;
    private int length;
    private long lineNumber;
    /** The line being converted, in UTF-8, and where its fields start and end. */
    private byte[] utf8 = new byte[1 << 12];
    private int utf8Length;
    private final int[] fieldStart = new int[FIELDS];
    private final int[] fieldEnd = new int[FIELDS];
    private final StringBuilder reasons = new StringBuilder();
    private long written;
    private long quarantined;
    private boolean headerSeen;
    /** The second part's first header line: the file's header, or a repeated one if the first part had its own. */
    private Rejection firstHeader;
    private long firstId = Long.MIN_VALUE;
    private long lowestId = Long.MAX_VALUE;
    private long highestId = Long.MIN_VALUE;
    private boolean idsAscending = true;
    private int longestLine;
    private long[] quarantinedIds = new long[16];
    private int quarantinedIdCount;
    private long quarantinedUnnamed;

    private TreasuryCsvLines(String name, TreasuryCsv.Encoding encoding, LoadContext context, boolean firstPart,
                             PartsProgress progress, long linesBefore, long size, Output typed) {
        this.name = name;
        this.linesBefore = linesBefore;
        this.encoding = encoding;
        this.context = context;
        this.firstPart = firstPart;
        this.progress = progress;
        this.size = size;
        this.typed = typed;
        this.transcode = encoding.charset().equals(StandardCharsets.UTF_8) ? null : singleByteTable(encoding.charset());
    }

    /**
     * Reads {@code source} into typed work files in {@code workFolder}, in two parts at once when it has at least
     * {@code twoPartsFrom} bytes and a line starts after its middle; bad lines to quarantine. Every byte is hashed.
     */
    static Prepared prepare(Path source, TreasuryCsv.Encoding encoding, Path workFolder, LoadContext context, long twoPartsFrom)
            throws IOException, SQLException {
        requireNonNull(encoding, "encoding");
        requireNonNull(context, "context");
        long size = Files.size(source);
        long start = encoding.bomBytes();
        long middle = size >= twoPartsFrom ? lineStartAfter(source, start + (size - start) / 2, size) : size;
        MessageDigest digest = BudgetLoad.sha256();
        digest(source, 0, start, digest);
        PartsProgress progress = new PartsProgress();
        Path firstTyped = workFolder.resolve("rows-1.csv");
        if (middle >= size) {
            TreasuryCsvLines whole = part(source, encoding, context, true, progress, start, size, 0, firstTyped, digest);
            return whole.prepared(List.of(firstTyped), null, HexFormat.of().formatHex(digest.digest()));
        }
        ExecutorService helper = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "treasury-csv-second-part");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Path secondTyped = workFolder.resolve("rows-2.csv");
            Future<TreasuryCsvLines> second = helper.submit(() -> part(source, encoding, context, false, progress, middle, size,
                    countLines(source, start, middle), secondTyped, null));
            TreasuryCsvLines first = part(source, encoding, context, true, progress, start, middle, 0, firstTyped, digest);
            // The second part's bytes are hashed by this thread after its own: the file's hash is of its bytes in order.
            digest(source, middle, size, digest);
            return first.prepared(List.of(firstTyped, secondTyped), awaited(second), HexFormat.of().formatHex(digest.digest()));
        } finally {
            helper.shutdownNow();
        }
    }

    /**
     * One part's pass: the lines of bytes {@code from} to {@code to}, the first of them numbered {@code linesBefore} + 1;
     * its bytes are added to {@code digest} unless it is null.
     */
    private static TreasuryCsvLines part(Path source, TreasuryCsv.Encoding encoding, LoadContext context, boolean firstPart,
                                         PartsProgress progress, long from, long to, long linesBefore, Path typedRows,
                                         MessageDigest digest) throws IOException, SQLException {
        try (Output typed = new Output(Files.newOutputStream(typedRows))) {
            TreasuryCsvLines pass = new TreasuryCsvLines(source.getFileName().toString(), encoding, context, firstPart, progress,
                    linesBefore, Files.size(source), typed);
            split(source, from, to, linesBefore, digest, pass::endLine, pass::read);
            return pass;
        }
    }

    /**
     * What the pass found, this first part's findings joined with the {@code second} part's (null when there is none).
     * The second part's quarantined lines go to the quarantine now, its first header with them if this part had one.
     */
    private Prepared prepared(List<Path> typedFiles, TreasuryCsvLines second, String sha256) {
        if (second == null) {
            return new Prepared(typedFiles, lineNumber, written, quarantined, headerSeen, longestLine,
                    new BudgetStage.Ids(lowestId, highestId, idsAscending), sha256, quarantinedIds());
        }
        long secondQuarantined = second.quarantined;
        if (second.firstHeader != null && headerSeen) {
            second.held.add(second.firstHeader);
            secondQuarantined++;
        }
        second.held.forEach(context::quarantine);
        boolean idsJoin = highestId == Long.MIN_VALUE || second.firstId == Long.MIN_VALUE || second.firstId > highestId;
        return new Prepared(typedFiles, Math.max(lineNumber, second.lineNumber), written + second.written,
                quarantined + secondQuarantined, headerSeen || second.firstHeader != null,
                Math.max(longestLine, second.longestLine),
                new BudgetStage.Ids(Math.min(lowestId, second.lowestId), Math.max(highestId, second.highestId),
                        idsAscending && second.idsAscending && idsJoin), sha256, quarantinedIds().join(second.quarantinedIds()));
    }

    /** How far the second part has come, for the progress the first part reports (the context is called by one thread at a time). */
    private static final class PartsProgress {
        private final AtomicLong secondLines = new AtomicLong();
        private final AtomicLong secondBytes = new AtomicLong();

        void secondPart(long lines, long bytes) {
            secondLines.set(lines);
            secondBytes.set(bytes);
        }
    }

    /** Receives a range of the file a buffer at a time: {@code count} bytes from {@code position}; false stops the read. */
    private interface Chunk {
        boolean read(byte[] buffer, int count, long position) throws IOException, SQLException;
    }

    /** Reads bytes {@code from} to {@code to} of the file a buffer at a time, until {@code chunk} asks to stop. */
    private static void read(Path source, long from, long to, Chunk chunk) throws IOException, SQLException {
        try (InputStream in = from(source, from)) {
            byte[] buffer = new byte[1 << 16];
            long position = from;
            int n;
            while (position < to && (n = in.read(buffer, 0, (int) Math.min(buffer.length, to - position))) > 0
                    && chunk.read(buffer, n, position)) {
                position += n;
            }
        }
    }

    /** Adds bytes {@code from} to {@code to} of the file to {@code digest}. */
    private static void digest(Path source, long from, long to, MessageDigest digest) throws IOException, SQLException {
        read(source, from, to, (buffer, count, position) -> {
            digest.update(buffer, 0, count);
            return true;
        });
    }

    /** The file from byte {@code from} on. */
    private static InputStream from(Path source, long from) throws IOException {
        InputStream in = Files.newInputStream(source);
        in.skipNBytes(from);
        return in;
    }

    /**
     * The position after the first \n at or after {@code from} in a file of {@code size} bytes: a line starts there
     * (the size if none does).
     */
    private static long lineStartAfter(Path source, long from, long size) throws IOException, SQLException {
        long[] start = {size};
        read(source, from, size, (buffer, count, position) -> {
            for (int i = 0; i < count; i++) {
                if (buffer[i] == '\n') {
                    start[0] = position + i + 1;
                    return false;
                }
            }
            return true;
        });
        return start[0];
    }

    /** The lines of bytes {@code from} to {@code to} as {@link #split} numbers them; {@code to} is a line's start. */
    private static long countLines(Path source, long from, long to) throws IOException, SQLException {
        long[] lines = {0};
        boolean[] afterCr = {false};
        read(source, from, to, (buffer, count, position) -> {
            for (int i = 0; i < count; i++) {
                byte b = buffer[i];
                if (b == '\r' || b == '\n' && !afterCr[0]) {
                    lines[0]++;
                }
                afterCr[0] = b == '\r';
            }
            return true;
        });
        return lines[0];
    }

    private static <T> T awaited(Future<T> work) throws IOException, SQLException {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while converting the file", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The lines as they were (decoded) of the rows the stage quarantined, read again from {@code source} in
     * batches of line numbers and handed back to {@code stage}: one more pass over the file, only when the stage's checks
     * rejected some row.
     */
    static void rawLines(Path source, TreasuryCsv.Encoding encoding, BudgetStage.QuarantinedLines stage)
            throws IOException, SQLException {
        requireNonNull(stage, "stage");
        long[][] wanted = {stage.after(0, RAW_BATCH)};
        int[] next = {0};
        List<String> raw = new ArrayList<>();
        split(source, encoding.bomBytes(), Long.MAX_VALUE, 0, null, (bytes, length, number) -> {
            if (next[0] < wanted[0].length && wanted[0][next[0]] == number) {
                raw.add(new String(bytes, 0, length, encoding.charset()));
                if (++next[0] == wanted[0].length) {
                    stage.raw(wanted[0], raw);
                    raw.clear();
                    wanted[0] = stage.after(number, RAW_BATCH);
                    next[0] = 0;
                }
            }
        }, (lastLine, bytes) -> {
        });
        if (next[0] < wanted[0].length) {
            throw new IllegalStateException("Строка " + wanted[0][next[0]] + " не найдена в файле при повторном чтении"
                    + " / line " + wanted[0][next[0]] + " not found when reading the file again");
        }
    }

    /**
     * The lines of bytes {@code from} to {@code to}, the first numbered {@code linesBefore} + 1 ({@link LineSplitter});
     * the bytes are added to {@code digest} unless it is null. The pass is compiled with all of it inlined, and anything
     * its profile never saw sends it back to the interpreter: hence the digest updated here rather than by a stream
     * wrapped around one part's reads only, and progress after each buffer rather than after every so many lines (a
     * branch first taken long after the pass was compiled).
     */
    private static void split(Path source, long from, long to, long linesBefore, MessageDigest digest, LineHandler handler,
                              ReadHandler progress) throws IOException, SQLException {
        LineSplitter lines = new LineSplitter(linesBefore, handler);
        read(source, from, to, (buffer, count, position) -> {
            lines.feed(buffer, count);
            if (digest != null) {
                digest.update(buffer, 0, count);
            }
            progress.read(lines.number, position + count - from);
            return true;
        });
        lines.finish();
    }

    /**
     * Lines end at \n, \r or \r\n, as {@link java.io.BufferedReader#readLine()} has them; fed a buffer at a time. A
     * method per buffer rather than one loop over the file: the JIT compiles it as a method that the next part and the
     * next load enter compiled, instead of a loop replaced while it runs.
     */
    private static final class LineSplitter {
        private final LineHandler handler;
        private byte[] line = new byte[1 << 12];
        private int length;
        private long number;
        private boolean afterCr;

        LineSplitter(long linesBefore, LineHandler handler) {
            this.number = linesBefore;
            this.handler = handler;
        }

        /** Hands on the lines ended in the first {@code count} bytes of {@code buffer}; keeps the unfinished one. */
        void feed(byte[] buffer, int count) throws IOException, SQLException {
            int start = 0;
            for (int i = 0; i < count; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    if (!(b == '\n' && afterCr && i == start && length == 0)) {
                        line = append(line, length, buffer, start, i - start);
                        handler.line(line, length + i - start, ++number);
                        length = 0;
                    }
                    start = i + 1;
                    afterCr = b == '\r';
                } else {
                    afterCr = false;
                }
            }
            line = append(line, length, buffer, start, count - start);
            length += count - start;
        }

        /** Hands on the last line when the file does not end with a line break. */
        void finish() throws IOException, SQLException {
            if (length > 0) {
                handler.line(line, length, ++number);
            }
        }
    }

    /** {@code line} with {@code count} bytes of {@code buffer} after its first {@code length}; grown when needed. */
    private static byte[] append(byte[] line, int length, byte[] buffer, int from, int count) {
        byte[] target = length + count > line.length ? Arrays.copyOf(line, Math.max(line.length * 2, length + count)) : line;
        System.arraycopy(buffer, from, target, length, count);
        return target;
    }

    private void endLine(byte[] bytes, int count, long number) throws IOException, SQLException {
        line = bytes;
        length = count;
        lineNumber = number;
        if (plainRecord()) {
            writeRow();
        } else {
            checkAsText();
        }
    }

    /** The first part reports both parts' progress (the context is called by one thread at a time); the second tells it its own. */
    private void read(long lastLine, long bytes) {
        if (firstPart) {
            long lines = lastLine + progress.secondLines.get();
            long read = bytes + progress.secondBytes.get();
            context.progress(lines, Math.max(lines, lines * size / Math.max(1, read)));
        } else {
            progress.secondPart(lastLine - linesBefore, bytes);
        }
    }

    /**
     * A plain record — digits in the first field, eleven separators, no quote, no control character, bytes valid in
     * the encoding — transcoded into the UTF-8 buffer and split at its separators in the same pass over its bytes;
     * false for any other line, which the text parser then reads for its exact reason.
     */
    private boolean plainRecord() {
        if (utf8.length < 3 * length) {
            // A byte of a single-byte charset is at most three bytes of UTF-8.
            utf8 = new byte[3 * length];
        }
        byte[] out = utf8;
        int i = 0;
        while (i < length && line[i] >= '0' && line[i] <= '9') {
            out[i] = line[i];
            i++;
        }
        if (i == 0 || i == length || line[i] != ';') {
            return false;
        }
        int written = i;
        int separators = 0;
        for (; i < length; i++) {
            byte b = line[i];
            byte kind = KIND[b & 0xFF];
            if (kind == ORDINARY) {
                out[written++] = b;
            } else if (kind == SEPARATOR) {
                if (separators == FIELDS - 1) {
                    return false;
                }
                fieldEnd[separators++] = written;
                fieldStart[separators] = written + 1;
                out[written++] = b;
            } else if (kind == NOT_PLAIN) {
                return false;
            } else if (transcode == null) {
                out[written++] = b;
            } else {
                byte[] character = transcode[b & 0xFF];
                if (character == null) {
                    return false;
                }
                for (byte u : character) {
                    out[written++] = u;
                }
            }
        }
        if (separators != FIELDS - 1 || transcode == null && !validUtf8()) {
            return false;
        }
        fieldStart[0] = 0;
        fieldEnd[separators] = written;
        utf8Length = written;
        return true;
    }

    /** Well-formed UTF-8 to the end of the line; a character cut by the line's end is malformed too. */
    private boolean validUtf8() {
        int i = 0;
        while (i < length) {
            int character = TreasuryCsv.utf8Character(line, i, length);
            if (character <= 0) {
                return false;
            }
            i += character;
        }
        return true;
    }

    /** The rarer lines, decoded and checked with {@link TreasuryCsv}'s parser for exact reasons. */
    private void checkAsText() throws IOException {
        String text = new String(line, 0, length, encoding.charset());
        if (text.isBlank()) {
            return;
        }
        try {
            TreasuryCsv.decodeCheck(text);
            checkControlCharacters(text);
            List<String> fields = TreasuryCsv.split(text);
            Optional<String> misplaced = TreasuryCsv.misplacedColumns(fields);
            if (misplaced.isPresent()) {
                throw new LoadRefused(misplaced.get());
            }
            if (TreasuryCsv.isHeader(fields)) {
                if (headerSeen) {
                    throw new TreasuryCsv.BadLine(REPEATED_HEADER);
                }
                headerSeen = true;
                if (!firstPart) {
                    firstHeader = rejection(text, REPEATED_HEADER);
                }
                return;
            }
            if (fields.size() != FIELDS) {
                throw new TreasuryCsv.BadLine("Неверное число полей: " + fields.size() + " вместо " + FIELDS
                        + " / wrong column count: " + fields.size() + " instead of " + FIELDS);
            }
            writeFields(fields);
        } catch (TreasuryCsv.BadLine e) {
            reject(text, e.getMessage());
        } catch (CharacterCodingException e) {
            reject(text, "Недопустимые байты для кодировки " + encoding.charset().name() + " / bytes invalid in "
                    + encoding.charset().name());
        }
    }

    private static void checkControlCharacters(String text) throws TreasuryCsv.BadLine {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t') {
                String code = String.format("U+%04X", (int) c);
                throw new TreasuryCsv.BadLine("Управляющий символ " + code + " в строке / control character " + code
                        + " in the line");
            }
        }
    }

    private void reject(String text, String reason) {
        quarantined++;
        if (!reason.equals(REPEATED_HEADER)) {
            remember(TreasuryCsv.leadingId(text));
        }
        if (firstPart) {
            context.quarantine(rejection(text, reason));
        } else {
            held.add(rejection(text, reason));
        }
    }

    private void remember(long id) {
        if (id < 0) {
            quarantinedUnnamed++;
            return;
        }
        if (quarantinedIdCount == quarantinedIds.length) {
            quarantinedIds = Arrays.copyOf(quarantinedIds, 2 * quarantinedIdCount);
        }
        quarantinedIds[quarantinedIdCount++] = id;
    }

    private QuarantinedIds quarantinedIds() {
        return new QuarantinedIds(Arrays.copyOf(quarantinedIds, quarantinedIdCount), quarantinedUnnamed);
    }

    private Rejection rejection(String text, String reason) {
        return new Rejection(BudgetStage.TARGET, new SourceLocation(name, Long.toString(lineNumber)), text, reason);
    }

    /** A record that needed the text parser: its unquoted fields laid out in the UTF-8 buffer. */
    private void writeFields(List<String> fields) throws IOException {
        utf8Length = 0;
        for (int f = 0; f < FIELDS; f++) {
            fieldStart[f] = utf8Length;
            for (byte b : fields.get(f).getBytes(StandardCharsets.UTF_8)) {
                putUtf8(b);
            }
            fieldEnd[f] = utf8Length;
        }
        writeRow();
    }

    /** The row typed into the work file, with the reasons of the fields that do not convert. */
    private void writeRow() throws IOException {
        reasons.setLength(0);
        typed.number(lineNumber).put((byte) ';');
        long id = convert(Rule.ID, 0);
        if (id != TreasuryFields.EMPTY) {
            typed.number(id);
            firstId = firstId == Long.MIN_VALUE ? id : firstId;
            idsAscending &= id > highestId;
            lowestId = Math.min(lowestId, id);
            highestId = Math.max(highestId, id);
        }
        text(1);
        typed.put((byte) ';');
        long date = convert(Rule.DATE, 2);
        if (date != TreasuryFields.EMPTY) {
            typed.isoDate(date);
        }
        for (int f = 3; f <= 7; f++) {
            text(f);
        }
        for (int f = 8; f <= 10; f++) {
            typed.put((byte) ';');
            long kopecks = convert(Rule.AMOUNT, f);
            if (kopecks != TreasuryFields.EMPTY) {
                typed.amount(kopecks);
            }
        }
        typed.put((byte) ';');
        long modified = convert(Rule.TIMESTAMP, 11);
        if (modified != TreasuryFields.EMPTY) {
            typed.isoDate(modified / 1_000_000).put((byte) ' ').twoDigits(modified / 10_000 % 100).put((byte) ':')
                    .twoDigits(modified / 100 % 100).put((byte) ':').twoDigits(modified % 100);
        }
        typed.put((byte) ';');
        if (reasons.length() > 0) {
            typed.quoted(reasons.toString().getBytes(StandardCharsets.UTF_8));
        }
        typed.put((byte) '\n');
        written++;
        longestLine = Math.max(longestLine, typed.lineLength());
        typed.lineDone();
    }

    /** The field converted by its rule; {@link TreasuryFields#EMPTY} when empty or bad, a bad one's reason kept. */
    private long convert(Rule rule, int field) {
        int from = fieldStart[field];
        int to = fieldEnd[field];
        try {
            switch (rule) {
                case ID:
                    return TreasuryFields.id(utf8, from, to);
                case DATE:
                    return TreasuryFields.date(utf8, from, to);
                case AMOUNT:
                    return TreasuryFields.amount(utf8, from, to);
                default:
                    return TreasuryFields.timestamp(utf8, from, to);
            }
        } catch (TreasuryFields.BadField e) {
            String value = new String(utf8, from, to - from, StandardCharsets.UTF_8);
            if (reasons.length() > 0) {
                reasons.append("; ");
            }
            if (rule == Rule.ID) {
                reasons.append(bad("Неверный идентификатор", "id", field, value.strip()));
            } else if (rule == Rule.AMOUNT) {
                reasons.append(bad("Неверное число", "number", field, value));
            } else {
                reasons.append(bad("Неверная дата", "date", field, value));
            }
            return TreasuryFields.EMPTY;
        }
    }

    private static String bad(String ru, String en, int field, String value) {
        return ru + " «" + value + "» в поле «" + TreasuryCsv.HEADER.get(field) + "» / bad " + en + " \"" + value
                + "\" in field " + TreasuryCsv.HEADER_EN.get(field);
    }

    /** A text field without its surrounding spaces and tabs; quoted only when it holds a separator or a quote. */
    private void text(int field) throws IOException {
        typed.put((byte) ';');
        int from = TreasuryFields.skipBlank(utf8, fieldStart[field], fieldEnd[field]);
        int to = TreasuryFields.trimBlank(utf8, from, fieldEnd[field]);
        for (int i = from; i < to; i++) {
            if (utf8[i] == ';' || utf8[i] == '"') {
                typed.quoted(Arrays.copyOfRange(utf8, from, to));
                return;
            }
        }
        typed.put(utf8, from, to - from);
    }

    private void putUtf8(byte b) {
        if (utf8Length == utf8.length) {
            utf8 = Arrays.copyOf(utf8, utf8.length * 2);
        }
        utf8[utf8Length++] = b;
    }

    /** The UTF-8 form of every byte of a single-byte charset such as cp1251; null where the charset has no character. */
    private static byte[][] singleByteTable(Charset charset) {
        byte[][] table = new byte[256][];
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int b = 0; b < 256; b++) {
            try {
                String character = decoder.reset().decode(ByteBuffer.wrap(new byte[]{(byte) b})).toString();
                table[b] = character.length() == 1 ? character.getBytes(StandardCharsets.UTF_8) : null;
            } catch (CharacterCodingException e) {
                table[b] = null;
            }
        }
        return table;
    }

    /** A work file written through a buffer of its own: a stream's one-byte write takes a lock each time. */
    private static final class Output implements AutoCloseable {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private final byte[] digits = new byte[20];
        private int pending;
        private int lineLength;

        Output(OutputStream out) {
            this.out = out;
        }

        Output put(byte b) throws IOException {
            if (pending == buffer.length) {
                out.write(buffer, 0, pending);
                pending = 0;
            }
            buffer[pending++] = b;
            lineLength++;
            return this;
        }

        Output put(byte[] bytes, int from, int count) throws IOException {
            if (pending + count > buffer.length) {
                out.write(buffer, 0, pending);
                pending = 0;
                if (count > buffer.length) {
                    out.write(bytes, from, count);
                    lineLength += count;
                    return this;
                }
            }
            System.arraycopy(bytes, from, buffer, pending, count);
            pending += count;
            lineLength += count;
            return this;
        }

        /** A long in decimal, written without a String. */
        Output number(long value) throws IOException {
            if (value < 0) {
                put((byte) '-');
            }
            int i = digits.length;
            long rest = value;
            do {
                // The remainder of a negative value is negative: Long.MIN_VALUE has no positive counterpart.
                digits[--i] = (byte) ('0' + Math.abs(rest % 10));
                rest /= 10;
            } while (rest != 0);
            return put(digits, i, digits.length - i);
        }

        Output twoDigits(long value) throws IOException {
            return put((byte) ('0' + value / 10)).put((byte) ('0' + value % 10));
        }

        /** yyyyMMdd as yyyy-MM-dd. */
        Output isoDate(long date) throws IOException {
            long year = date / 10_000;
            return twoDigits(year / 100).twoDigits(year % 100).put((byte) '-').twoDigits(date / 100 % 100)
                    .put((byte) '-').twoDigits(date % 100);
        }

        /** Kopecks as roubles with a decimal point. */
        Output amount(long kopecks) throws IOException {
            if (kopecks < 0) {
                put((byte) '-');
            }
            long magnitude = Math.abs(kopecks);
            return number(magnitude / 100).put((byte) '.').twoDigits(magnitude % 100);
        }

        Output quoted(byte[] bytes) throws IOException {
            put((byte) '"');
            for (byte b : bytes) {
                if (b == '"') {
                    put(b);
                }
                put(b);
            }
            return put((byte) '"');
        }

        int lineLength() {
            return lineLength;
        }

        void lineDone() {
            lineLength = 0;
        }

        @Override
        public void close() throws IOException {
            try (out) {
                out.write(buffer, 0, pending);
                pending = 0;
            }
        }
    }
}
