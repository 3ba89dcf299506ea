package ru.vitrina.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.access.Role;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.reference.MetaLoad;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tile names the load of its own cube's job: after a labour load the budget tiles still name the budget's.
 * Runs on its own store, so the extra load does not move the shared test server's version.
 */
class TileSourcesTest {
    private static Store store;
    private static Application application;
    private static VitrinaServer server;
    private static String viewerToken;

    @BeforeAll
    static void start() throws Exception {
        Path folder = Files.createTempDirectory("vitrina-sources");
        store = Store.open(folder.resolve("sources.duckdb"));
        new DemoRegion(TestServer.SEED, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        application = Application.open(VitrinaConfig.DEMO.withStore(folder.resolve("sources.duckdb")).withPort(0), store);
        server = new VitrinaServer(application).start("127.0.0.1", 0);
        viewerToken = TestServer.tokens(application).get(Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (application != null) {
            application.close();
        }
    }

    @Test
    void eachTileNamesTheLastLoadOfItsOwnCube() throws Exception {
        long demo = store.currentVersion().orElseThrow().version();
        store.publish("labour", "test", transaction -> {
            MetaLoad.recordPublished(transaction, MetaLoad.nextLoadId(transaction), "labour", LocalDateTime.now(),
                    MetaLoad.nextDataVersion(transaction), "test", Map.of("labour.market", 0L), Map.of());
        });
        long labour = store.currentVersion().orElseThrow().version();
        assertThat(labour).isGreaterThan(demo);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/v1/dashboards/governor"))
                .header("Authorization", "Bearer " + viewerToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode definition = new ObjectMapper().readTree(response.body());
        assertThat(definition.at("/dataVersion/publishedBy").asText()).isEqualTo("labour");
        JsonNode sources = definition.get("sources");
        assertThat(sources.at("/budget_execution/publishedBy").asText()).isEqualTo("demo");
        assertThat(sources.at("/budget_execution/version").asLong()).isEqualTo(demo);
        assertThat(sources.at("/unemployment/publishedBy").asText()).isEqualTo("labour");
        assertThat(sources.at("/unemployment/version").asLong()).isEqualTo(labour);
    }
}
