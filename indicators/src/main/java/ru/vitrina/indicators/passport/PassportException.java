package ru.vitrina.indicators.passport;

/** A passport file that cannot be read: names the file and the indicator, so the start fails with a clear message. */
public final class PassportException extends RuntimeException {
    public PassportException(String file, String code, String message, Throwable cause) {
        super(file + (code == null ? "" : ", " + code) + ": " + message, cause);
    }
}
