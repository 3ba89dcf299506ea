package ru.vitrina.api.format;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** File names for downloads: safe on every desktop OS and readable when Russian. */
final class FileNames {
    static final String DEFAULT_BASE_NAME = "vitrina";
    private static final int MAX_BASE_LENGTH = 120;

    /** Russian letters as the passport (ICAO) transliteration writes them; used only for the ASCII fallback. */
    private static final Map<Character, String> CYRILLIC = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"),
            Map.entry('д', "d"), Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('ж', "zh"),
            Map.entry('з', "z"), Map.entry('и', "i"), Map.entry('й', "i"), Map.entry('к', "k"),
            Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"), Map.entry('о', "o"),
            Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "kh"), Map.entry('ц', "ts"),
            Map.entry('ч', "ch"), Map.entry('ш', "sh"), Map.entry('щ', "shch"), Map.entry('ъ', "ie"),
            Map.entry('ы', "y"), Map.entry('ь', ""), Map.entry('э', "e"), Map.entry('ю', "iu"),
            Map.entry('я', "ia"));

    private FileNames() {
    }

    /**
     * Drops what Windows, macOS or a header would choke on (path separators, reserved characters,
     * control characters, leading dots) and keeps everything else, Cyrillic included.
     */
    static String safeBaseName(String baseName) {
        if (baseName == null) {
            return DEFAULT_BASE_NAME;
        }
        StringBuilder safe = new StringBuilder(baseName.length());
        baseName.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || "/\\:*?\"<>|".indexOf(cp) >= 0) {
                safe.append('_');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                safe.append(' ');
            } else {
                safe.appendCodePoint(cp);
            }
        });
        String collapsed = safe.toString().replaceAll(" +", " ").strip().replaceAll("^[. ]+|[. ]+$", "");
        if (collapsed.isEmpty()) {
            return DEFAULT_BASE_NAME;
        }
        if (collapsed.length() > MAX_BASE_LENGTH) {
            int end = MAX_BASE_LENGTH;
            if (Character.isHighSurrogate(collapsed.charAt(end - 1))) {
                end--;
            }
            collapsed = collapsed.substring(0, end).strip();
        }
        return collapsed;
    }

    static String attachment(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + percentEncode(fileName);
    }

    static String asciiFallback(String fileName) {
        StringBuilder ascii = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            String latin = CYRILLIC.get(Character.toLowerCase(c));
            if (latin != null) {
                ascii.append(Character.isUpperCase(c) && !latin.isEmpty()
                        ? Character.toUpperCase(latin.charAt(0)) + latin.substring(1)
                        : latin);
            } else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                ascii.append(c);
            } else {
                ascii.append('_');
            }
        }
        return ascii.toString();
    }

    /** RFC 8187 value-chars: attr-char stays, every other UTF-8 byte is %XX. */
    private static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return encoded.toString();
    }
}
