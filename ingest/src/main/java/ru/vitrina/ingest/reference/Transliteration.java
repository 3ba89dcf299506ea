package ru.vitrina.ingest.reference;

import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * English names of territories: Russian names romanised in the BGN/PCGN style used by English-language
 * maps and Wikipedia (Asinovsky District, Tomsk Oblast), and the kind of territory translated.
 */
public final class Transliteration {
    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"),
            Map.entry('д', "d"), Map.entry('е', "e"), Map.entry('ё', "yo"), Map.entry('ж', "zh"),
            Map.entry('з', "z"), Map.entry('и', "i"), Map.entry('й', "y"), Map.entry('к', "k"),
            Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"), Map.entry('о', "o"),
            Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "kh"), Map.entry('ц', "ts"),
            Map.entry('ч', "ch"), Map.entry('ш', "sh"), Map.entry('щ', "shch"), Map.entry('ъ', ""),
            Map.entry('ы', "y"), Map.entry('ь', ""), Map.entry('э', "e"), Map.entry('ю', "yu"),
            Map.entry('я', "ya"));
    private static final String VOWELS_AND_SIGNS = "аеёиоуыэюяйъь";

    private Transliteration() {
    }

    /** The English name of a territory: «Асиновский район» → "Asinovsky District". */
    public static String nameEn(String nameRu) {
        requireNonNull(nameRu, "nameRu");
        String name = nameRu.strip();
        if (name.endsWith(" городское поселение")) {
            return latin(cut(name, " городское поселение")) + " Urban Settlement";
        }
        if (name.endsWith(" сельское поселение")) {
            return latin(cut(name, " сельское поселение")) + " Rural Settlement";
        }
        if (name.endsWith(" район")) {
            return latin(cut(name, " район")) + " District";
        }
        if (name.endsWith("ская область")) {
            // «Томская область» is "Tomsk Oblast", not "Tomskaya Oblast".
            return latin(cut(name, "ая область")) + " Oblast";
        }
        if (name.startsWith("город ")) {
            return latin(name.substring("город ".length())) + " City";
        }
        if (name.startsWith("ЗАТО ")) {
            return "ZATO " + latin(name.substring("ЗАТО ".length()));
        }
        return latin(name);
    }

    /** Romanises Cyrillic letters; anything else (Latin, digits, hyphens, spaces) is kept. */
    public static String latin(String text) {
        requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            char lower = Character.toLowerCase(ch);
            String mapped = LETTERS.get(lower);
            if (mapped == null) {
                out.append(ch);
                continue;
            }
            char previous = i == 0 ? ' ' : Character.toLowerCase(text.charAt(i - 1));
            boolean wordStart = !LETTERS.containsKey(previous);
            if (lower == 'е' && (wordStart || VOWELS_AND_SIGNS.indexOf(previous) >= 0)) {
                mapped = "ye";
            } else if (lower == 'и' && endsAdjective(text, i)) {
                // -ский, -ний → -sky, -ny: the adjective ending "iy" is written as a single "y".
                mapped = "";
            } else if (lower == 'й' && previous == 'ы' && wordEndsAfter(text, i)) {
                // -ый → -y (Kedrovy), not the strict "-yy".
                mapped = "";
            }
            if (Character.isUpperCase(ch) && !mapped.isEmpty()) {
                boolean allCaps = i + 1 < text.length() && Character.isUpperCase(text.charAt(i + 1));
                mapped = allCaps ? mapped.toUpperCase(Locale.ROOT)
                        : Character.toUpperCase(mapped.charAt(0)) + mapped.substring(1);
            }
            out.append(mapped);
        }
        return out.toString();
    }

    private static boolean endsAdjective(String text, int i) {
        return i >= 1 && i + 1 < text.length()
                && Character.toLowerCase(text.charAt(i + 1)) == 'й'
                && wordEndsAfter(text, i + 1)
                && "кн".indexOf(Character.toLowerCase(text.charAt(i - 1))) >= 0;
    }

    private static boolean wordEndsAfter(String text, int i) {
        return i + 1 == text.length() || !LETTERS.containsKey(Character.toLowerCase(text.charAt(i + 1)));
    }

    private static String cut(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
