package ru.vitrina.ingest.demo;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Russian taxpayer numbers: ИНН of organisations (10 digits) and individuals (12 digits) with their control
 * digits, and КПП (9 characters). The demo data must pass the same checks real registries apply.
 */
public final class TaxIds {
    private static final Pattern KPP = Pattern.compile("\\d{4}[0-9A-Z]{2}\\d{3}");
    private static final int[] WEIGHTS_10 = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] WEIGHTS_11 = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] WEIGHTS_12 = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

    private TaxIds() {
    }

    /** ИНН of an organisation: 4-digit tax office code, 5-digit serial, control digit. */
    public static String organisationInn(String taxOffice, int serial) {
        checkTaxOffice(taxOffice);
        if (serial < 0 || serial > 99_999) {
            throw new IllegalArgumentException("serial " + serial);
        }
        String body = taxOffice + zeroPadded(serial, 5);
        return body + control(body, WEIGHTS_10);
    }

    /** ИНН of an individual (e.g. an individual entrepreneur): 4-digit tax office code, 6-digit serial, 2 control digits. */
    public static String personInn(String taxOffice, int serial) {
        checkTaxOffice(taxOffice);
        if (serial < 0 || serial > 999_999) {
            throw new IllegalArgumentException("serial " + serial);
        }
        String body = taxOffice + zeroPadded(serial, 6);
        String eleven = body + control(body, WEIGHTS_11);
        return eleven + control(eleven, WEIGHTS_12);
    }

    /** КПП of an organisation registered where it is located: tax office, reason 01, serial 001. */
    public static String kpp(String taxOffice) {
        checkTaxOffice(taxOffice);
        return taxOffice + "01001";
    }

    /** Whether {@code inn} has 10 or 12 digits and correct control digits. */
    public static boolean isValidInn(String inn) {
        if (inn == null || !inn.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        if (inn.length() == 10) {
            return control(inn.substring(0, 9), WEIGHTS_10) == inn.charAt(9) - '0';
        }
        if (inn.length() == 12) {
            return control(inn.substring(0, 10), WEIGHTS_11) == inn.charAt(10) - '0'
                    && control(inn.substring(0, 11), WEIGHTS_12) == inn.charAt(11) - '0';
        }
        return false;
    }

    /** Whether {@code kpp} has the КПП shape: 4 digits, 2 digits or capital Latin letters, 3 digits. */
    public static boolean isValidKpp(String kpp) {
        return kpp != null && KPP.matcher(kpp).matches();
    }

    /** {@code value} with leading zeros to {@code width} digits; String.format is slow in generation loops. */
    static String zeroPadded(int value, int width) {
        String text = Integer.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }

    private static int control(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * (digits.charAt(i) - '0');
        }
        return sum % 11 % 10;
    }

    private static void checkTaxOffice(String taxOffice) {
        requireNonNull(taxOffice, "taxOffice");
        if (taxOffice.length() != 4 || !taxOffice.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("tax office code must have 4 digits: " + taxOffice);
        }
    }
}
