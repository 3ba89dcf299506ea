package ru.vitrina.indicators;

import static java.util.Objects.requireNonNull;

/**
 * A request about indicators that cannot be answered as asked, with the HTTP status that says why (400 bad input,
 * 403 not yours, 404 unknown, 409 conflicting edit or frozen value). Messages are Russian first, English after " / ".
 */
public final class IndicatorException extends RuntimeException {
    private final int status;

    public IndicatorException(int status, String ru, String en) {
        super(requireNonNull(ru, "ru") + " / " + requireNonNull(en, "en"));
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static IndicatorException badInput(String ru, String en) {
        return new IndicatorException(400, ru, en);
    }

    public static IndicatorException forbidden(String ru, String en) {
        return new IndicatorException(403, ru, en);
    }

    public static IndicatorException notFound(String ru, String en) {
        return new IndicatorException(404, ru, en);
    }

    public static IndicatorException conflict(String ru, String en) {
        return new IndicatorException(409, ru, en);
    }
}
