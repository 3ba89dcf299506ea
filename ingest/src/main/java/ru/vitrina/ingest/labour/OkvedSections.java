package ru.vitrina.ingest.labour;

/**
 * OKVED2 (ОК 029-2014) sections by the two-digit class that opens a code: sections are ranges of classes,
 * e.g. C is 10–33, Q is 86–88 (facts of the classifier; shared/data/classifiers/okved2_sections.csv names them).
 */
final class OkvedSections {
    private static final int[] FIRST_CLASS = {1, 5, 10, 35, 36, 41, 45, 49, 55, 58, 64, 68, 69, 77, 84, 85, 86, 90, 94, 97, 99};
    private static final String SECTIONS = "ABCDEFGHIJKLMNOPQRSTU";
    /** A typical class of each section, for the simulator's vacancies. */
    private static final String[] TYPICAL = {"01.11", "06.10", "25.62", "35.11", "38.11", "41.20", "47.11", "49.41", "56.10",
            "62.01", "64.19", "68.32", "71.12", "81.21", "84.11", "85.14", "86.10", "90.01", "96.02", "97.00", "99.00"};

    private OkvedSections() {
    }

    /** The section letter of an OKVED2 code such as «86.10» or «47», or null when it is not a code. */
    static String section(String code) {
        if (code == null || code.length() < 2 || !Character.isDigit(code.charAt(0)) || !Character.isDigit(code.charAt(1))
                || (code.length() > 2 && code.charAt(2) != '.')) {
            return null;
        }
        int cls = Integer.parseInt(code.substring(0, 2));
        if (cls < 1) {
            return null;
        }
        for (int i = FIRST_CLASS.length - 1; i >= 0; i--) {
            if (cls >= FIRST_CLASS[i]) {
                return String.valueOf(SECTIONS.charAt(i));
            }
        }
        return null;
    }

    static String typicalCode(String section) {
        int index = SECTIONS.indexOf(section);
        if (section.length() != 1 || index < 0) {
            throw new IllegalArgumentException("not an OKVED2 section: " + section);
        }
        return TYPICAL[index];
    }
}
