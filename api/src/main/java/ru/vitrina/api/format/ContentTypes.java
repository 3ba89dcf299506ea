package ru.vitrina.api.format;

import io.javalin.http.Context;

/** Content-Type of a response, binary types without a charset. */
public final class ContentTypes {
    private ContentTypes() {
    }

    /**
     * Sets {@code type} as it is. The server's default type (JSON in UTF-8) leaves the response's character encoding
     * set, and the servlet response then appends it to any later type without one:
     * {@code application/vnd.apache.parquet;charset=utf-8}. A binary type has no charset, so that encoding is cleared.
     */
    public static void set(Context ctx, String type) {
        if (!type.contains("charset=")) {
            ctx.res().setCharacterEncoding(null);
        }
        ctx.contentType(type);
    }
}
