package ru.vitrina.ingest.budget;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Treasury-style CSV export of budget execution: {@code ;}-separated, a header row of Russian column names,
 * decimal comma with space or non-breaking-space thousand separators, dates as dd.MM.yyyy (ISO accepted),
 * cp1251 or UTF-8 with or without BOM. A record is one physical line: a quoted field may hold {@code ;} and
 * doubled quotes, not line breaks, so a broken quote costs one line, never the rest of the file.
 */
public final class TreasuryCsv {
    public static final Charset CP1251 = Charset.forName("windows-1251");
    public static final List<String> HEADER = List.of("ИД операции", "Номер документа", "Дата операции", "ОКТМО",
            "ГРБС", "РзПр", "ЦСР", "ВР", "Бюджетные ассигнования", "Лимиты бюджетных обязательств", "Кассовый расход",
            "Дата изменения");
    static final List<String> HEADER_EN = List.of("operation id", "document id", "operation date", "OKTMO",
            "administrator", "section/subsection", "target article", "expense type", "allocations", "limits",
            "cash execution", "last modified");
    private static final int SNIFF_BYTES = 1 << 20;
    private static final DateTimeFormatter RU_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.ROOT);
    private static final DateTimeFormatter RU_TIMESTAMP = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss", Locale.ROOT);

    private TreasuryCsv() {
    }

    /** The file's encoding and how many BOM bytes to skip. */
    public record Encoding(Charset charset, int bomBytes) {
    }

    /** UTF-8 if the file starts with its BOM or its first megabyte is mostly UTF-8, else cp1251 (the Treasury's default). */
    public static Encoding detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Encoding(StandardCharsets.UTF_8, 3);
        }
        return new Encoding(mostlyUtf8(head) ? StandardCharsets.UTF_8 : CP1251, 0);
    }

    /**
     * True when the bytes hold more well-formed UTF-8 multi-byte sequences than malformed ones: a UTF-8 export
     * with a damaged line stays UTF-8 (the line is quarantined), while cp1251 Cyrillic (lead bytes followed by
     * more letters, not continuation bytes) is almost all malformed as UTF-8.
     */
    static boolean mostlyUtf8(byte[] bytes) {
        long good = 0;
        long bad = 0;
        int i = 0;
        while (i < bytes.length) {
            int length = utf8Character(bytes, i, bytes.length);
            if (length == 0) {
                break;  // the sample ends inside a character
            }
            if (length < 0) {
                bad++;
                i++;
            } else {
                good += length > 1 ? 1 : 0;
                i += length;
            }
        }
        return good >= bad;
    }

    /**
     * Bytes of the well-formed UTF-8 character at {@code i} (1 for ASCII); 0 when {@code end} comes inside it; -1
     * when malformed: a stray continuation byte, an overlong form, a surrogate, or beyond U+10FFFF.
     */
    static int utf8Character(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xFF;
        if (b < 0x80) {
            return 1;
        }
        int extra;
        int min = 0x80;
        int max = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            extra = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            min = b == 0xE0 ? 0xA0 : 0x80;
            max = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            min = b == 0xF0 ? 0x90 : 0x80;
            max = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (i + extra >= end) {
            return 0;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < min || second > max) {
            return -1;
        }
        for (int k = 2; k <= extra; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return extra + 1;
    }

    /** A line that cannot be a record; the message is the quarantine reason. */
    public static final class BadLine extends Exception {
        public BadLine(String message) {
            super(message, null, false, false);
        }
    }

    /** Splits one line into fields (quotes removed). */
    public static List<String> split(String line) throws BadLine {
        List<String> fields = new ArrayList<>(HEADER.size());
        int length = line.length();
        int i = 0;
        while (true) {
            if (i < length && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= length) {
                        throw new BadLine("Незакрытая кавычка / unterminated quote");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < length && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i == length) {
                    return fields;
                }
                if (line.charAt(i) != ';') {
                    throw new BadLine("Лишние символы после закрывающей кавычки в поле " + fields.size()
                            + " / characters after a closing quote in field " + fields.size());
                }
                i++;
            } else {
                int end = line.indexOf(';', i);
                String field = end < 0 ? line.substring(i) : line.substring(i, end);
                if (field.indexOf('"') >= 0) {
                    throw new BadLine("Кавычка внутри поля без кавычек (поле " + (fields.size() + 1)
                            + ") / stray quote in an unquoted field (field " + (fields.size() + 1) + ")");
                }
                fields.add(field);
                if (end < 0) {
                    return fields;
                }
                i = end + 1;
            }
        }
    }

    static boolean isHeader(List<String> fields) {
        if (fields.size() != HEADER.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).strip().equalsIgnoreCase(HEADER.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code fields} are the header's names in another order or partly renamed (half of them or more are
     * header names): every row of such a file would load into the wrong columns, so the file is refused.
     */
    static Optional<String> misplacedColumns(List<String> fields) {
        if (fields.size() != HEADER.size() || isHeader(fields)) {
            return Optional.empty();
        }
        Set<String> names = HEADER.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        long known = fields.stream().filter(field -> names.contains(field.strip().toLowerCase(Locale.ROOT))).count();
        if (known * 2 < HEADER.size()) {
            return Optional.empty();
        }
        int column = 0;
        while (fields.get(column).strip().equalsIgnoreCase(HEADER.get(column))) {
            column++;
        }
        String found = fields.get(column).strip();
        return Optional.of("Столбцы файла не в порядке выгрузки: столбец " + (column + 1) + " «" + found + "», ожидался «"
                + HEADER.get(column) + "» / the file's columns are not in the export's order: column " + (column + 1)
                + " is «" + found + "», expected «" + HEADER.get(column) + "» (" + HEADER_EN.get(column) + ")");
    }

    /**
     * The operation id a line names in its first field (quoted or not), or -1 when it names none: a quarantined line's
     * operation is still in the source, so a full reconciliation must not delete it.
     */
    static long leadingId(String line) {
        int i = line.startsWith("\uFEFF") ? 1 : 0;
        boolean quoted = i < line.length() && line.charAt(i) == '"';
        i += quoted ? 1 : 0;
        int start = i;
        while (i < line.length() && i - start < 18 && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            i++;
        }
        boolean ends = i == line.length() || line.charAt(i) == (quoted ? '"' : ';');
        return i > start && ends ? Long.parseLong(line, start, i, 10) : -1;
    }

    /** Roubles as the Treasury writes them: 1 234 567,89 with non-breaking spaces. */
    public static String formatAmount(long kopecks) {
        String digits = Long.toString(Math.abs(kopecks / 100));
        StringBuilder text = new StringBuilder(kopecks < 0 ? "-" : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                text.append('\u00A0');
            }
            text.append(digits.charAt(i));
        }
        long cents = Math.abs(kopecks % 100);
        return text.append(',').append(cents < 10 ? "0" : "").append(cents).toString();
    }

    public static String formatDate(LocalDate date) {
        return RU_DATE.format(date);
    }

    public static String formatTimestamp(LocalDateTime timestamp) {
        return RU_TIMESTAMP.format(timestamp);
    }

    /** A field quoted when it holds the separator or a quote. */
    public static String quote(String field) {
        if (field.indexOf(';') < 0 && field.indexOf('"') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static String decodeCheck(String line) throws CharacterCodingException {
        if (line.indexOf('\uFFFD') >= 0) {
            throw new CharacterCodingException();
        }
        return line;
    }
}
