package ru.vitrina.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jetty's own error answers (a URI too long, a path with %00 or %2e%2e, headers too large, a body over the limit) in
 * the API's JSON shape {@code {"error": "… / …", "status": N}} and UTF-8, instead of Jetty's HTML page in
 * ISO-8859-1. Jetty decides these before Javalin sees the request, so Javalin's error mappers never run for them.
 * Extends the servlet ErrorHandler so one instance serves both the server and the servlet context.
 */
final class JsonErrorHandler extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    private static final String TYPE = "application/json; charset=utf-8";
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
        Object detail = request.getAttribute(ERROR_MESSAGE);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPE);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.write(true, ByteBuffer.wrap(body(status, detail == null ? null : detail.toString())), callback);
        return true;
    }

    /** Answers to requests Jetty could not even parse (the request line or headers too large). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, TYPE));
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", StatusTexts.message(status, detail));
        body.put("status", status);
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
