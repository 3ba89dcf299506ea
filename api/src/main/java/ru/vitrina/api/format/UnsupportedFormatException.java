package ru.vitrina.api.format;

import java.util.List;

/** A {@code ?format=} value that names no format; the handler answers 400 with this message. */
public final class UnsupportedFormatException extends IllegalArgumentException {
    private static final int MAX_ECHOED_LENGTH = 64;

    private final String value;

    public UnsupportedFormatException(String value) {
        super(message(value));
        this.value = value;
    }

    /** The value as the client sent it. */
    public String value() {
        return value;
    }

    /** Every {@code ?format=} value that is accepted. */
    public List<String> supported() {
        return ResultFormat.parameterValues();
    }

    private static String message(String value) {
        // The value goes back to the client: keep it short so junk does not come back in bulk.
        String shown = value == null ? ""
                : value.length() > MAX_ECHOED_LENGTH ? value.substring(0, MAX_ECHOED_LENGTH) + "…" : value;
        String supported = String.join(", ", ResultFormat.parameterValues());
        return "Неизвестный формат «" + shown + "». Поддерживаются: " + supported + ". "
                + "Unknown format '" + shown + "'. Supported: " + supported + ".";
    }
}
