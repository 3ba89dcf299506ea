package ru.vitrina.api.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes every log event as one flat JSON line: {@code ts}, {@code level}, {@code logger}, {@code thread}, the MDC
 * (so {@code requestId} on every line logged while a request is handled), the event's key-value pairs as fields of
 * their own (numbers stay numbers), {@code message}, and {@code error} / {@code stack} for a throwable. Flat, so
 * that {@code jq 'select(.status >= 500)'} or a log shipper reads the fields without parsing text. Configured in
 * {@code logback.xml}; logback calls an encoder from one appender thread at a time.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final JsonFactory factory = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
                json.writeStringField(entry.getKey(), entry.getValue());
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    writeValue(json, pair.key, pair.value);
                }
            }
            json.writeStringField("message", event.getFormattedMessage());
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("error", error.getClassName() + ": " + error.getMessage());
                json.writeStringField("stack", ThrowableProxyUtil.asString(error));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log line", e);
        }
        out.write(NEWLINE, 0, 1);
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, String key, Object value) throws IOException {
        json.writeFieldName(key);
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else {
            json.writeString(value.toString());
        }
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
