package ru.vitrina.api.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.api.security.Security;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.store.Store;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every place of the analytical lane taken (by analysts' exports, say), an analyst's next heavy query waits and is
 * refused with 503 after the wait, while the wall screens' answers, and an analyst's answer from a rollup, come at once.
 * Many wall screens on one login, past its cap of running queries, wait for one to end rather than being refused.
 */
class WhoWaitsTest {
    /** A question no rollup answers: a distinct count of the base table. */
    private static final String BASE_TABLE = "{\"measures\": [\"budget.documents\"], \"timeDimensions\": [{\"dimension\":"
            + " \"budget.operation_date\", \"granularity\": \"year\"}]}";
    /** A question the month-by-section rollup answers. */
    private static final String ROLLUP = "{\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"timeDimensions\":"
            + " [{\"dimension\": \"budget.operation_date\", \"granularity\": \"month\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private Application application;
    private VitrinaServer server;
    private Map<Role, String> tokens;

    /** A server of its own over the shared test store: cache off, a lane of one place, a wait of one second. */
    @BeforeEach
    void start() {
        Store store = TestServer.shared().store();
        VitrinaConfig config = TestServer.shared().application().config().withCacheCells(0)
                .withLimits(new QueryLimits(10_000, 10_000, 1_000_000, Duration.ofSeconds(1), 1));
        config = config.withSecurity(config.security().withUsersFile(Path.of(store.location() + ".lane.auth.duckdb")));
        application = Application.open(config, store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        tokens = TestServer.tokens(application);
    }

    @AfterEach
    void stop() {
        server.close();
        application.close();
    }

    @Test
    void anAnalystsHeavyQueryWaitsForAPlaceAndIsRefusedAfterTheWaitWhileTheWallScreensAreAnswered() throws Exception {
        Runnable export = application.lane().enter();
        try {
            HttpResponse<String> refused = load(Role.ANALYST, BASE_TABLE);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("тяжёлых запросов аналитиков").contains("too many analysts' heavy queries");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(load(Role.MUNICIPAL_OFFICER, BASE_TABLE).statusCode()).isEqualTo(503);
            assertThat(post(Role.ANALYST, "/api/v1/sql", "{\"sql\": \"select count(*) from budget\"}").statusCode())
                    .as("SQL streams, so it waits in the lane too").isEqualTo(503);
            assertThat(get(Role.ANALYST, "/api/v1/load?format=csv&query=" + encode(ROLLUP)).statusCode())
                    .as("an export streams, so it waits even when a rollup answers it").isEqualTo(503);

            HttpResponse<String> wall = load(Role.VIEWER, BASE_TABLE);
            assertThat(wall.statusCode()).as(wall.body()).isEqualTo(200);
            HttpResponse<String> fromRollup = load(Role.ANALYST, ROLLUP);
            assertThat(fromRollup.statusCode()).as(fromRollup.body()).isEqualTo(200);
            assertThat(fromRollup.body()).contains("\"rollup\":\"budget.by_month_section\"");
        } finally {
            export.run();
        }
        HttpResponse<String> answered = load(Role.ANALYST, BASE_TABLE);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(application.lane().free()).as("every answer gave its place back").isEqualTo(1);
    }

    @Test
    void aWallScreensQueryBeyondItsLoginsRunningQueriesWaitsForOneToEndInsteadOfBeingRefused() throws Exception {
        Principal wall = new Principal(Security.demoLogin(Role.VIEWER), EnumSet.of(Role.VIEWER), Set.of(), Set.of());
        int cap = application.config().security().queriesPerUser();
        List<Runnable> otherScreens = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            otherScreens.add(application.permits().acquire(wall));
        }
        CompletableFuture<HttpResponse<String>> next = CompletableFuture.supplyAsync(() -> {
            try {
                return load(Role.VIEWER, ROLLUP);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(next).as("waits while its login's other screens hold every permit (it was refused with 429 before)").isNotDone();
        otherScreens.remove(0).run();
        HttpResponse<String> answered = next.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        otherScreens.forEach(Runnable::run);
        assertThat(application.permits().running(wall)).isZero();
    }

    private HttpResponse<String> load(Role role, String query) throws IOException, InterruptedException {
        return post(role, "/api/v1/load", "{\"query\": " + query + "}");
    }

    private HttpResponse<String> post(Role role, String path, String body) throws IOException, InterruptedException {
        return http.send(request(role, path).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Role role, String path) throws IOException, InterruptedException {
        return http.send(request(role, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(Role role, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + tokens.get(role));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
