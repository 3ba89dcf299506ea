package ru.vitrina.api.security.oidc;

/** A sign-in through the identity provider that did not succeed, with the HTTP status and message to answer. */
public final class OidcException extends RuntimeException {
    private final int status;

    public OidcException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
