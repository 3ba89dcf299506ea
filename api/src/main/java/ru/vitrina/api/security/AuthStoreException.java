package ru.vitrina.api.security;

/** The users file could not be read or written. */
public final class AuthStoreException extends RuntimeException {
    public AuthStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
