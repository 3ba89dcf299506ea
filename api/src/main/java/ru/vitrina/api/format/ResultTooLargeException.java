package ru.vitrina.api.format;

import static java.util.Objects.requireNonNull;

/**
 * The answer has more rows than the format can hold. Thrown before the first row past the limit
 * is written and before the file is finished, so what was sent is not a valid file.
 */
public final class ResultTooLargeException extends RuntimeException {
    private final ResultFormat format;
    private final long limit;

    public ResultTooLargeException(ResultFormat format, long limit, String message) {
        super(requireNonNull(message, "message"));
        this.format = requireNonNull(format, "format");
        this.limit = limit;
    }

    public ResultFormat format() {
        return format;
    }

    /** The most data rows the format holds. */
    public long limit() {
        return limit;
    }
}
