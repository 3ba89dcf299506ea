package ru.vitrina.api.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON log lines as logback writes them with {@link JsonLogEncoder}: one object per line, flat fields. */
class JsonLogTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpCalls http = new HttpCalls();
    private final Lines lines = new Lines();

    @BeforeEach
    void capture() {
        lines.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        lines.start();
        root().addAppender(lines);
    }

    @AfterEach
    void release() {
        root().detachAppender(lines);
        lines.stop();
    }

    @Test
    void accessLineIsOneJsonObjectWithTheRequestIdAndTypedFields() {
        TestServer server = TestServer.shared();
        HttpResponse<String> response = http.get(server.uri("/health"), "X-Request-Id", "wall-3.req-17");
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode access = lines.await(line -> "access".equals(line.path("type").asText())
                && "wall-3.req-17".equals(line.path("requestId").asText()));
        assertThat(access.get("logger").asText()).isEqualTo(AccessLog.LOGGER);
        assertThat(access.get("level").asText()).isEqualTo("INFO");
        assertThat(access.get("route").asText()).isEqualTo("/health");
        assertThat(access.get("method").asText()).isEqualTo("GET");
        assertThat(access.get("status").isIntegralNumber()).isTrue();
        assertThat(access.get("status").asInt()).isEqualTo(200);
        assertThat(access.get("durationMs").isNumber()).isTrue();
        assertThat(access.get("ts").asText()).endsWith("Z");
        assertThat(access.get("message").asText()).isEqualTo("GET /health 200");
    }

    @Test
    void everyLineLoggedDuringARequestCarriesItsIdAndErrorsTheirStack() {
        Logger logger = (Logger) LoggerFactory.getLogger("vitrina.test");
        MDC.put(RequestIds.MDC_KEY, "r-1");
        try {
            logger.atWarn().addKeyValue("rows", 42L).addKeyValue("note", "line \"two\"\n")
                    .setCause(new IllegalStateException("broken")).log("loaded {}", "budget");
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        JsonNode line = lines.json().stream().filter(node -> "vitrina.test".equals(node.path("logger").asText()))
                .findFirst().orElseThrow();
        assertThat(line.get("requestId").asText()).isEqualTo("r-1");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("message").asText()).isEqualTo("loaded budget");
        assertThat(line.get("rows").asLong()).isEqualTo(42L);
        assertThat(line.get("note").asText()).isEqualTo("line \"two\"\n");
        assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: broken");
        assertThat(line.get("stack").asText()).contains("JsonLogTest");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Encodes each event as the console appender would and keeps the text: the real encoder, not a stand-in. */
    private final class Lines extends AppenderBase<ILoggingEvent> {
        private final JsonLogEncoder encoder = new JsonLogEncoder();
        private final List<String> text = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            text.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }

        /** The access line is written after the answer has been sent, so it may arrive a moment after the response. */
        JsonNode await(java.util.function.Predicate<JsonNode> wanted) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                var found = json().stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            throw new AssertionError("no such line in " + text);
        }

        List<JsonNode> json() {
            return text.stream().map(line -> {
                assertThat(line).endsWith("\n").doesNotContain("\n{");
                assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
                try {
                    return json.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
