package ru.vitrina.api.opendata;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Public routes are limited per client address: over the limit, 429 with Retry-After; the limit is configurable. */
class RateLimitTest {

    @Test
    void overTheLimitIsAnswered429WithRetryAfter() throws IOException, InterruptedException {
        RateLimit.Settings settings = new RateLimit.Settings(3, Duration.ofMinutes(10));
        Javalin javalin = Javalin.create(config -> new OpenDataRoutes(TestServer.shared().application(), settings).register(config))
                .start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + javalin.port() + "/api/3/action/package_list")).build();
            for (int i = 0; i < 3; i++) {
                assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + javalin.port() + "/opendata/list.csv")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 600L);
            assertThat(refused.body()).contains("Слишком много запросов", "Too many requests");
        } finally {
            javalin.stop();
        }
    }

    @Test
    void settingsComeFromTheEnvironmentAndAreChecked() {
        assertThat(RateLimit.Settings.from(Map.of())).isEqualTo(RateLimit.Settings.DEFAULTS);
        assertThat(RateLimit.Settings.from(Map.of(RateLimit.REQUESTS_VARIABLE, "10", RateLimit.PERIOD_VARIABLE, "2")))
                .isEqualTo(new RateLimit.Settings(10, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> RateLimit.Settings.from(Map.of(RateLimit.REQUESTS_VARIABLE, "many")))
                .hasMessageContaining(RateLimit.REQUESTS_VARIABLE);
        assertThatThrownBy(() -> RateLimit.Settings.from(Map.of(RateLimit.REQUESTS_VARIABLE, "0"))).hasMessageContaining("positive");
    }
}
