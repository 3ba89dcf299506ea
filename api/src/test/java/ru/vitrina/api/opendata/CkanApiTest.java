package ru.vitrina.api.opendata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ru.vitrina.api.server.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CKAN Action API as a CKAN client uses it: package_list → package_show → datastore_search page by page along
 * {@code _links.next} until {@code total} rows are read, then the same rows as the CSV download; and a battery of
 * bad calls (ckan-bad-requests.yaml) answered in CKAN's error form with its status codes.
 */
class CkanApiTest {
    private final TestServer server = TestServer.shared();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode ok(String path) {
        HttpResponse<byte[]> response = Http.get(server, path);
        JsonNode body = server.parse(Http.text(response));
        assertThat(response.statusCode()).as(path + " → " + body).isEqualTo(200);
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("help").asText()).contains("/api/3/action/help_show");
        return body.path("result");
    }

    @Test
    void linksNeverComeFromTheClientsHostHeader() throws Exception {
        for (String path : List.of("/opendata/list.csv", "/opendata/list.xml", "/api/3/action/package_show?id=7000000885-budgetexecution")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).as(path).startsWith("HTTP/1.1 200").doesNotContain("evil.example").contains("/opendata/7000000885-BudgetExecution/");
            }
        }
        JsonNode help = server.parse(Http.text(Http.get(server, "/api/3/action/package_show?id=7000000885-budgetexecution")));
        assertThat(help.path("help").asText()).isEqualTo("/api/3/action/help_show?name=package_show");
        assertThat(ok(help.path("help").asText()).asText()).contains("Parameters: id");
        HttpResponse<byte[]> unknown = Http.get(server, "/api/3/action/help_show?name=resource_patch");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(server.parse(Http.text(unknown)).path("success").asBoolean(true)).isFalse();
    }

    @Test
    void clientWalksEveryPageOfEverySetAndGetsTheCsvRows() throws Exception {
        JsonNode names = ok("/api/3/action/package_list");
        assertThat(names).extracting(JsonNode::asText).containsExactly("7000000885-budgetexecution", "7000000885-labourmarket",
                "7000000885-morbidity", "7000000885-procurementcontracts");
        for (JsonNode name : names) {
            JsonNode dataSet = ok("/api/3/action/package_show?id=" + name.asText());
            assertThat(dataSet.path("organization").path("name").asText()).isEqualTo("tomsk-oblast");
            JsonNode resource = dataSet.path("resources").get(0);
            assertThat(resource.path("datastore_active").asBoolean()).isTrue();
            List<List<String>> walked = new ArrayList<>();
            String search = "/api/3/action/datastore_search?resource_id=" + resource.path("id").asText();
            // A page size that makes about four pages of every set, whatever its size.
            long size = ok(search + "&limit=1").path("total").asLong() / 4 + 1;
            String next = search + "&limit=" + size;
            long total = -1;
            int pages = 0;
            List<String> fields = null;
            while (true) {
                JsonNode page = ok(next);
                pages++;
                total = page.path("total").asLong();
                if (fields == null) {
                    fields = new ArrayList<>();
                    for (JsonNode field : page.path("fields")) {
                        fields.add(field.path("id").asText());
                    }
                    assertThat(fields.get(0)).isEqualTo("_id");
                }
                for (JsonNode record : page.path("records")) {
                    List<String> row = new ArrayList<>();
                    for (String field : fields.subList(1, fields.size())) {
                        row.add(canonical(record.path(field)));
                    }
                    walked.add(row);
                }
                if (walked.size() >= total || page.path("records").isEmpty()) {
                    break;
                }
                next = page.path("_links").path("next").asText();
            }
            assertThat(pages).as(name + ": more than one page was walked").isGreaterThan(1);
            assertThat(walked).as(name + ": rows read equal total").hasSize((int) total);
            List<List<String>> csv = OpenDataFormatsTest.csvRows(Http.text(Http.get(server, new java.net.URI(resource.path("url").asText()).getPath())));
            assertThat(csv.get(0)).as("CSV header").containsExactlyElementsOf(fields.subList(1, fields.size()));
            assertThat(walked).as(name + ": datastore rows equal the CSV rows, in order").containsExactlyElementsOf(
                    csv.subList(1, csv.size()).stream().map(row -> row.stream().map(OpenDataFormatsTest::canonical).toList()).toList());
        }
    }

    static String canonical(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return "";
        }
        return OpenDataFormatsTest.canonical(value.isNumber() ? value.decimalValue().toPlainString() : value.asText());
    }

    @Test
    void searchFiltersSortsAndPages() {
        JsonNode health = ok("/api/3/action/package_search?q=" + enc("заболеваемость"));
        assertThat(health.path("count").asInt()).isEqualTo(1);
        assertThat(health.path("results").get(0).path("name").asText()).isEqualTo("7000000885-morbidity");
        JsonNode byTag = ok("/api/3/action/package_search?fq=" + enc("tags:бюджет"));
        assertThat(byTag.path("results")).extracting(r -> r.path("name").asText()).containsExactly("7000000885-budgetexecution");
        JsonNode paged = ok("/api/3/action/package_search?sort=" + enc("name desc") + "&rows=2&start=1");
        assertThat(paged.path("count").asInt()).isEqualTo(4);
        assertThat(paged.path("results")).extracting(r -> r.path("name").asText())
                .containsExactly("7000000885-morbidity", "7000000885-labourmarket");
        assertThat(ok("/api/3/action/organization_list")).extracting(JsonNode::asText).containsExactly("tomsk-oblast");
    }

    @Test
    void datastoreFiltersFieldsSortAndPostedJson() throws IOException {
        JsonNode filtered = ok("/api/3/action/datastore_search?resource_id=7000000885-BudgetExecution&filters="
                + enc("{\"municipality\": [\"69604000\", \"69608000\"]}") + "&fields=municipality,fact&sort=" + enc("fact desc") + "&limit=5");
        assertThat(filtered.path("records")).isNotEmpty();
        BigDecimal previous = null;
        for (JsonNode record : filtered.path("records")) {
            assertThat(record.path("municipality").asText()).isIn("69604000", "69608000");
            assertThat(record.has("plan")).isFalse();
            BigDecimal fact = record.path("fact").decimalValue();
            if (previous != null) {
                assertThat(fact).isLessThanOrEqualTo(previous);
            }
            previous = fact;
        }
        HttpResponse<String> posted = server.post("/api/action/datastore_search",
                "{\"resource_id\": \"7000000885-budgetexecution\", \"filters\": {\"municipality\": \"69604000\"}, \"limit\": 1}");
        JsonNode body = server.parse(posted.body());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(body.path("result").path("records")).hasSize(1);
        assertThat(body.path("result").path("total").asLong()).isPositive();
    }

    static Stream<Arguments> badRequests() throws IOException {
        try (InputStream in = CkanApiTest.class.getResourceAsStream("ckan-bad-requests.yaml")) {
            JsonNode cases = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Arguments> arguments = new ArrayList<>();
            cases.forEach(c -> arguments.add(Arguments.of(c.get("name").asText(), c.get("path").asText(), c.get("status").asInt(),
                    c.get("type").asText(), c.get("message").asText())));
            return arguments.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badCallIsAnsweredInCkansErrorForm(String name, String path, int status, String type, String message) throws IOException {
        HttpResponse<byte[]> response = Http.get(server, path);
        JsonNode body = json.readTree(response.body());
        assertThat(response.statusCode()).as(name + ": " + body).isEqualTo(status);
        assertThat(body.path("success").asBoolean(true)).isFalse();
        assertThat(body.path("help").asText()).isNotEmpty();
        assertThat(body.path("error").isObject()).as("ckanapi needs a dict error").isTrue();
        assertThat(body.path("error").path("__type").asText()).isEqualTo(type);
        String said = body.path("error").path("message").asText();
        assertThat(said).contains(message);
        assertThat(said).as("Russian first, English beside it").contains(" / ");
        assertThat(said.substring(0, said.indexOf(" / "))).containsPattern("\\p{IsCyrillic}");
        assertThat(said.substring(said.indexOf(" / "))).doesNotContainPattern("\\p{IsCyrillic}");
    }

    /** CKAN takes an action's parameters as a form too (ckanapi, curl -d without a JSON body). */
    @Test
    void aFormPostIsReadLikeTheQueryString() {
        var http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(server.uri("/api/3/action/datastore_search"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("resource_id=7000000885-BudgetExecution&limit=2&filters="
                        + enc("{\"municipality\": \"69604000\"}"))).build();
        HttpResponse<String> posted;
        try {
            posted = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode result = server.parse(posted.body()).path("result");
        assertThat(result.path("records")).hasSize(2).allSatisfy(r -> assertThat(r.path("municipality").asText()).isEqualTo("69604000"));
        assertThat(result.path("total").asLong()).isEqualTo(ok("/api/3/action/datastore_search?resource_id=7000000885-BudgetExecution"
                + "&limit=1&filters=" + enc("{\"municipality\": \"69604000\"}")).path("total").asLong());
    }

    static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * ckanext-harvest's CKAN harvester, as it asks: package_search sorted by id, 100 rows a page, until a page is
     * empty (the same page twice is its "paging doesn't seem to work" error); then, on later runs, only what changed
     * since the last run, minus an hour: {@code fq=metadata_modified:[<since>Z TO *]}.
     */
    @Test
    void ckanHarvesterGathersEverySetAndThenOnlyTheChangedOnes() {
        List<String> gathered = new ArrayList<>();
        String previous = null;
        for (int start = 0; ; start += 100) {
            HttpResponse<byte[]> page = Http.get(server, "/api/action/package_search?rows=100&start=" + start + "&sort=" + enc("id asc"));
            String body = Http.text(page);
            assertThat(page.statusCode()).as(body).isEqualTo(200);
            assertThat(body).as("paging moves on").isNotEqualTo(previous);
            previous = body;
            JsonNode results = server.parse(body).path("result").path("results");
            if (results.isEmpty()) {
                break;
            }
            results.forEach(dict -> gathered.add(dict.path("id").asText()));
        }
        assertThat(gathered).containsExactly("7000000885-BudgetExecution", "7000000885-LabourMarket", "7000000885-Morbidity",
                "7000000885-ProcurementContracts");

        java.time.Instant newest = server.application().openData().catalogue().dataSets().stream()
                .map(set -> server.application().openData().versions(set.identifier()).get(0).publishedAt())
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        String since = java.time.LocalDateTime.ofInstant(newest.minusSeconds(3600), java.time.ZoneOffset.UTC).withNano(0) + "Z";
        JsonNode changed = ok("/api/action/package_search?rows=100&start=0&sort=" + enc("id asc") + "&fq=" + enc("metadata_modified:[" + since + " TO *]"));
        assertThat(changed.path("count").asInt()).as("changed in the last hour of publishing").isPositive();
        String after = java.time.LocalDateTime.ofInstant(newest.plusSeconds(1), java.time.ZoneOffset.UTC).withNano(0) + "Z";
        assertThat(ok("/api/action/package_search?fq=" + enc("metadata_modified:[" + after + " TO *]")).path("count").asInt())
                .as("nothing changed after the newest publication").isZero();
        assertThat(ok("/api/action/package_search?fq=" + enc("organization:moscow OR organization:tomsk-oblast")).path("count").asInt()).isEqualTo(4);
    }

    /** resource_show gives the resource dict package_show lists; datastore_search pages it. */
    @Test
    void resourceShowGivesTheResourceOfPackageShow() {
        for (JsonNode listed : ok("/api/3/action/package_show?id=7000000885-morbidity").path("resources")) {
            assertThat(ok("/api/3/action/resource_show?id=" + listed.path("id").asText())).isEqualTo(listed);
        }
        JsonNode dataSet = ok("/api/3/action/package_show?id=7000000885-procurementcontracts");
        assertThat(dataSet.path("extras")).anySatisfy(extra -> {
            assertThat(extra.path("key").asText()).isEqualTo("source");
            assertThat(extra.path("value").asText()).contains("ЕИС");
        });
    }

    /** Past the last row a page is empty, and its next link still moves forward (it overflowed to a negative offset). */
    @Test
    void aPageFarPastTheEndIsEmptyWithANextLinkFurtherOn() {
        JsonNode page = ok("/api/3/action/datastore_search?resource_id=7000000885-BudgetExecution&limit=100&offset=" + Integer.MAX_VALUE);
        assertThat(page.path("records")).isEmpty();
        assertThat(page.path("total").asLong()).isPositive();
        assertThat(page.path("_links").path("next").asText()).endsWith("offset=" + ((long) Integer.MAX_VALUE + 100));
    }
}
