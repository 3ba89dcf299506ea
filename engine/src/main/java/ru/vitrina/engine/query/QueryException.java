package ru.vitrina.engine.query;

/**
 * A query that cannot be answered, with the HTTP status it deserves and a message a person understands
 * (Russian first, English after the slash).
 */
public class QueryException extends RuntimeException {
    private final int status;

    public QueryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public QueryException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public static QueryException badRequest(String ru, String en) {
        return new QueryException(400, ru + " / " + en);
    }

    public int status() {
        return status;
    }
}
