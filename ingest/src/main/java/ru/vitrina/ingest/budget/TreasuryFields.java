package ru.vitrina.ingest.budget;

/**
 * The Treasury CSV's field rules on UTF-8 bytes, so that a line is converted without becoming Java strings:
 * roubles with a decimal comma (or point) and space, non-breaking or narrow non-breaking space thousand separators,
 * at most two decimals and 17 digits; dates as dd.MM.yyyy or yyyy-MM-dd; a timestamp is such a date, optionally
 * followed by a space or T and HH:mm[:ss]. A field of nothing but spaces is empty ({@link #EMPTY}); a field that
 * is neither empty nor valid throws.
 */
final class TreasuryFields {
    /** Days of each month (1 to 12) in a common year and in a leap year. */
    private static final int[][] DAYS_IN_MONTH = {
            {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
            {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
    static final long EMPTY = Long.MIN_VALUE;

    private TreasuryFields() {
    }

    /** A field that does not follow its rule. */
    static final class BadField extends Exception {
        BadField() {
            super(null, null, false, false);
        }
    }

    /** Kopecks. */
    static long amount(byte[] bytes, int from, int to) throws BadField {
        long value = 0;
        int digits = 0;
        int decimals = -1;
        boolean negative = false;
        boolean seen = false;
        int i = from;
        while (i < to) {
            int c = bytes[i] & 0xFF;
            int spaceBytes = spaceAt(bytes, i, to);
            if (spaceBytes > 0) {
                i += spaceBytes;
                continue;
            }
            if (c == '-' && !seen && !negative) {
                negative = true;
            } else if (c >= '0' && c <= '9') {
                if (decimals >= 0 && ++decimals > 2 || ++digits > 17) {
                    throw new BadField();
                }
                value = value * 10 + (c - '0');
                seen = true;
            } else if ((c == ',' || c == '.') && decimals < 0 && seen) {
                decimals = 0;
            } else {
                throw new BadField();
            }
            i++;
        }
        if (!seen) {
            if (negative || decimals >= 0) {
                throw new BadField();
            }
            return EMPTY;
        }
        if (decimals == 0) {
            throw new BadField();
        }
        for (int d = Math.max(decimals, 0); d < 2; d++) {
            value *= 10;
        }
        return negative ? -value : value;
    }

    /** Bytes of a space, U+00A0 or U+202F at {@code i}, else 0. */
    private static int spaceAt(byte[] bytes, int i, int to) {
        int c = bytes[i] & 0xFF;
        if (c == ' ') {
            return 1;
        }
        if (c == 0xC2 && i + 1 < to && (bytes[i + 1] & 0xFF) == 0xA0) {
            return 2;
        }
        if (c == 0xE2 && i + 2 < to && (bytes[i + 1] & 0xFF) == 0x80 && (bytes[i + 2] & 0xFF) == 0xAF) {
            return 3;
        }
        return 0;
    }

    /** An operation id: an optional sign and digits within a long. */
    static long id(byte[] bytes, int from, int to) throws BadField {
        int start = skipBlank(bytes, from, to);
        int end = trimBlank(bytes, start, to);
        if (start == end) {
            return EMPTY;
        }
        boolean negative = bytes[start] == '-';
        int i = bytes[start] == '-' || bytes[start] == '+' ? start + 1 : start;
        if (i == end) {
            throw new BadField();
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new BadField();
            }
            // Accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits too.
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw new BadField();
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            throw new BadField();
        }
        return negative ? value : -value;
    }

    /** A date as yyyyMMdd in one number. */
    static long date(byte[] bytes, int from, int to) throws BadField {
        int start = skipBlank(bytes, from, to);
        int end = trimBlank(bytes, start, to);
        if (start == end) {
            return EMPTY;
        }
        return calendarDate(bytes, start, end);
    }

    /** A timestamp as yyyyMMddHHmmss in one number. */
    static long timestamp(byte[] bytes, int from, int to) throws BadField {
        int start = skipBlank(bytes, from, to);
        int end = trimBlank(bytes, start, to);
        if (start == end) {
            return EMPTY;
        }
        if (end - start < 10) {
            throw new BadField();
        }
        long day = calendarDate(bytes, start, start + 10);
        int time = end - start - 11;
        if (end - start == 10) {
            return day * 1_000_000;
        }
        int separator = bytes[start + 10];
        if (separator != ' ' && separator != 'T' || time != 5 && time != 8 || bytes[start + 13] != ':'
                || time == 8 && bytes[start + 16] != ':') {
            throw new BadField();
        }
        int hour = number(bytes, start + 11, start + 13);
        int minute = number(bytes, start + 14, start + 16);
        int second = time == 8 ? number(bytes, start + 17, start + 19) : 0;
        if (hour > 23 || minute > 59 || second > 59) {
            throw new BadField();
        }
        return day * 1_000_000 + hour * 10_000L + minute * 100L + second;
    }

    private static long calendarDate(byte[] bytes, int from, int to) throws BadField {
        if (to - from != 10) {
            throw new BadField();
        }
        int year;
        int month;
        int day;
        if (bytes[from + 2] == '.' && bytes[from + 5] == '.') {
            day = number(bytes, from, from + 2);
            month = number(bytes, from + 3, from + 5);
            year = number(bytes, from + 6, from + 10);
        } else if (bytes[from + 4] == '-' && bytes[from + 7] == '-') {
            year = number(bytes, from, from + 4);
            month = number(bytes, from + 5, from + 7);
            day = number(bytes, from + 8, from + 10);
        } else {
            throw new BadField();
        }
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            throw new BadField();
        }
        return year * 10_000L + month * 100L + day;
    }

    /**
     * Looked up and counted rather than branched on: an extract sorted by date meets February, a 30-day month and a
     * leap year long after the pass was compiled, and each branch first taken then would send it back to the interpreter.
     */
    private static int daysIn(int year, int month) {
        int leap = divides(4, year) - divides(100, year) + divides(400, year);
        return DAYS_IN_MONTH[leap][month];
    }

    /** 1 when {@code divisor} divides the (non-negative) {@code year}, else 0. */
    private static int divides(int divisor, int year) {
        return 1 - Integer.signum(year % divisor);
    }

    private static int number(byte[] bytes, int from, int to) throws BadField {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new BadField();
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** First byte that is not a space or tab. */
    static int skipBlank(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** End of the range without its trailing spaces and tabs. */
    static int trimBlank(byte[] bytes, int from, int to) {
        int i = to;
        while (i > from && (bytes[i - 1] == ' ' || bytes[i - 1] == '\t')) {
            i--;
        }
        return i;
    }
}
