package ru.vitrina.api.ops;

/** An operation (backup, restore, a check) could not be done; the message says why, in Russian and English. */
public final class OpsException extends RuntimeException {
    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
